package nl.schakelpunt.access;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import nl.schakelpunt.fhirserver.RequestInterceptor;
import nl.schakelpunt.identity.NamingSystems;
import nl.schakelpunt.identity.Requester.Kind;
import nl.schakelpunt.identity.Scopes.Letter;

/**
 * Enforcement point at the door of the FHIR endpoint: refuses, with 403, an interaction the
 * requester may not perform on a type at all, and narrows a search to what the requester may see
 * before it runs, so that pages are full and totals right. What is finally returned is checked
 * again, resource by resource, by {@link ResultFilter}; writes are checked by {@link WriteRules}
 * whichever way they arrive.
 */
@Component
@Interceptor
public class RequestGate implements RequestInterceptor {

    /** Operations that read terminology or check a resource, and touch no patient data. */
    private static final Set<String> DATA_FREE_OPERATIONS = Set.of("$validate", "$expand", "$lookup", "$validate-code");

    /** Operations that change the resource they are called on: the permission transitions. */
    private static final Set<String> CHANGING_OPERATIONS = Set.of("$process", "$withdraw");

    /**
     * Chained parameters may follow these references only: to the patient, the product, the holder
     * and the directory. A chain into another clinical resource would search data no narrowing covers.
     */
    private static final Set<String> CHAINABLE = Set.of("patient", "subject", "medication", "holder", "organization",
            "practitioner", "performer", "asserter", "recorder", "requester", "author", "participant", "actor",
            "service-provider", "care-manager");

    private final AccessContexts contexts;
    private final ProfessionalLookups lookups;
    private final RequesterDirectory directory;

    public RequestGate(AccessContexts contexts, ProfessionalLookups lookups, RequesterDirectory directory) {
        this.contexts = contexts;
        this.lookups = lookups;
        this.directory = directory;
    }

    /**
     * {@code _has} and chains into other clinical resources select by data the narrowing does not
     * cover, and would reveal through which resources match that such data exists: refused.
     */
    private static void refuseRevealingParameters(RequestDetails request) {
        for (String name : request.getParameters().keySet()) {
            if (name.startsWith("_has")) {
                throw AccessContexts.forbidden("The _has parameter is not offered: it selects by data the requester may not see");
            }
            int dot = name.indexOf('.');
            if (dot > 0 && !name.startsWith("_")) {
                String reference = name.substring(0, dot);
                int colon = reference.indexOf(':');
                String base = colon < 0 ? reference : reference.substring(0, colon);
                if (!CHAINABLE.contains(base)) {
                    throw AccessContexts.forbidden("The chained parameter " + name + " is not offered: a chain may"
                            + " follow the patient, the medication, the holder or the directory only");
                }
            }
        }
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean check(RequestDetails request, HttpServletRequest servletRequest) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == RestOperationTypeEnum.METADATA) {
            return true;
        }
        AccessContext context = contexts.of(servletRequest);
        Optional<Letter> letter = letterOf(request, operation);
        if (letter.isEmpty()) {
            return true;
        }
        String type = request.getResourceName();
        AccessRules.refusal(context, type, letter.get()).ifPresent(reason -> {
            throw AccessContexts.forbidden(reason);
        });
        if (operation == RestOperationTypeEnum.HISTORY_TYPE && ResourceTypes.isPatientData(type)) {
            // A type's history cannot be narrowed by search parameters before it runs.
            throw AccessContexts.forbidden("The history of all " + type + " resources is not offered;"
                    + " ask for the history of one resource instead");
        }
        if (operation == RestOperationTypeEnum.SEARCH_TYPE) {
            refuseRevealingParameters(request);
            narrow(request, context, type, servletRequest);
        }
        narrowConditionalWrite(request, context, operation, type);
        return true;
    }

    /**
     * The criteria of a conditional create, update, delete or patch of clinical data match only the
     * requester's own data, so that a conditional write cannot probe for another holder's resources.
     */
    private static void narrowConditionalWrite(RequestDetails request, AccessContext context,
            RestOperationTypeEnum operation, String type) {
        if (ResourceTypes.groupOf(type).orElse(null) != DataGroup.CLINICAL || context.organizationId() == null) {
            return;
        }
        String own = "holder=Organization/" + context.organizationId();
        if (operation == RestOperationTypeEnum.CREATE && request instanceof ServletRequestDetails servlet) {
            String criteria = request.getHeader(Constants.HEADER_IF_NONE_EXIST);
            if (criteria != null && !criteria.isBlank()) {
                servlet.setHeaders(Constants.HEADER_IF_NONE_EXIST, List.of(criteria + "&" + own));
            }
        } else if ((operation == RestOperationTypeEnum.UPDATE || operation == RestOperationTypeEnum.DELETE
                || operation == RestOperationTypeEnum.PATCH)
                && (request.getId() == null || !request.getId().hasIdPart())
                && request.getCompleteUrl() != null && request.getCompleteUrl().contains("?")) {
            request.setCompleteUrl(request.getCompleteUrl() + "&" + own);
        }
    }

    /** The same for the conditional entries of a transaction or batch. */
    @Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
    public void narrowConditionalEntries(IBaseBundle bundle, ServletRequestDetails request) {
        if (!(bundle instanceof Bundle transaction) || request == null || request.getServletRequest() == null) {
            return;
        }
        AccessContext context = contexts.of(request.getServletRequest());
        if (context.organizationId() == null) {
            return;
        }
        String own = "holder=Organization/" + context.organizationId();
        for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
            Bundle.BundleEntryRequestComponent call = entry.getRequest();
            String url = call.getUrl();
            String type = url == null ? null : url.split("[/?]")[0];
            if (ResourceTypes.groupOf(type).orElse(null) != DataGroup.CLINICAL) {
                continue;
            }
            if (call.getMethod() == Bundle.HTTPVerb.POST && call.hasIfNoneExist()) {
                call.setIfNoneExist(call.getIfNoneExist() + "&" + own);
            } else if (call.getMethod() != Bundle.HTTPVerb.GET && call.getMethod() != Bundle.HTTPVerb.POST
                    && url.contains("?")) {
                call.setUrl(url + "&" + own);
            }
        }
    }

    /**
     * The SMART letter an interaction needs on the request's type; empty for interactions whose
     * entries or results are checked one by one (transaction, batch, paging, system-wide history
     * and search) and for operations that touch no patient data.
     */
    private static Optional<Letter> letterOf(RequestDetails request, RestOperationTypeEnum operation) {
        return switch (operation) {
            case READ, VREAD, HISTORY_INSTANCE -> Optional.of(Letter.READ);
            case SEARCH_TYPE, HISTORY_TYPE -> Optional.of(Letter.SEARCH);
            case CREATE -> Optional.of(Letter.CREATE);
            case UPDATE, PATCH -> Optional.of(Letter.UPDATE);
            case DELETE -> Optional.of(Letter.DELETE);
            case TRANSACTION, BATCH, GET_PAGE, SEARCH_SYSTEM, HISTORY_SYSTEM, VALIDATE -> Optional.empty();
            // A server-level operation concerns no resource type; it checks its caller itself.
            case EXTENDED_OPERATION_SERVER -> Optional.empty();
            case EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE ->
                    DATA_FREE_OPERATIONS.contains(request.getOperation()) ? Optional.empty()
                            : Optional.of(CHANGING_OPERATIONS.contains(request.getOperation()) ? Letter.UPDATE : Letter.READ);
            default -> throw AccessContexts.forbidden("The interaction " + operation.getCode() + " is not offered");
        };
    }

    /** Adds search parameters (ANDed with the client's) that keep the search to visible data. */
    private void narrow(RequestDetails request, AccessContext context, String type, HttpServletRequest servletRequest) {
        DataGroup group = ResourceTypes.groupOf(type).orElseThrow();
        Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameters());
        if (context.kind() == Kind.PATIENT) {
            String self = context.patientReference().orElseThrow(() -> AccessContexts.forbidden(
                    "There is no record at the exchange point for the BSN of this login"));
            switch (group) {
                case PATIENT -> and(parameters, "_id", context.patientId());
                case CLINICAL, PERMISSION -> and(parameters, "patient", self);
                default -> {
                    // The directory and conformance resources are open to every requester.
                }
            }
        } else if (context.kind() == Kind.PROFESSIONAL && group == DataGroup.CLINICAL) {
            lookups.narrow(parameters, context, type, servletRequest);
        } else if (context.requester().actsForOrganization()) {
            String own = context.organizationReference().orElseThrow();
            if (group == DataGroup.CLINICAL || group == DataGroup.PERMISSION) {
                patientByBsn(parameters).ifPresent(id -> byReference(parameters, id));
            }
            switch (group) {
                case CLINICAL -> and(parameters, "holder", own);
                case PERMISSION -> and(parameters, "organization", own);
                default -> {
                    // Patients, the directory and conformance resources: no narrowing.
                }
            }
        }
        request.setParameters(parameters);
    }

    /**
     * Replaces a chained search by the patient's BSN ({@code patient.identifier=bsn|...}) with the
     * patient's reference, once the BSN has been resolved: the same result (one Patient per BSN), and
     * the database follows one reference instead of joining identifiers of every Patient.
     */
    static void byReference(Map<String, String[]> parameters, String patientId) {
        boolean replaced = false;
        for (String name : List.of("patient.identifier", "patient:Patient.identifier",
                "subject.identifier", "subject:Patient.identifier")) {
            if (parameters.remove(name) != null) {
                and(parameters, name.startsWith("patient") ? "patient" : "subject", "Patient/" + patientId);
                replaced = true;
            }
        }
        if (replaced) {
            parameters.computeIfPresent("patient", (k, v) -> Arrays.stream(v).distinct().toArray(String[]::new));
        }
    }

    /** The Patient id a search's BSN chain names, if it names exactly one known BSN. */
    private Optional<String> patientByBsn(Map<String, String[]> parameters) {
        String[] values = parameters.getOrDefault("patient.identifier", parameters.get("subject.identifier"));
        if (values == null || values.length != 1 || values[0].contains(",")) {
            return Optional.empty();
        }
        String value = values[0];
        int bar = value.indexOf('|');
        if (bar < 0 || !NamingSystems.BSN.equals(value.substring(0, bar))) {
            return Optional.empty();
        }
        return directory.patientIdByBsn(value.substring(bar + 1));
    }

    static void and(Map<String, String[]> parameters, String name, String value) {
        String[] existing = parameters.getOrDefault(name, new String[0]);
        if (Arrays.asList(existing).contains(value)) {
            return;
        }
        String[] combined = Arrays.copyOf(existing, existing.length + 1);
        combined[existing.length] = value;
        parameters.put(name, combined);
    }
}
