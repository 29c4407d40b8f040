package nl.schakelpunt.access;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import nl.schakelpunt.fhirserver.RequestInterceptor;
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

    private final AccessContexts contexts;

    public RequestGate(AccessContexts contexts) {
        this.contexts = contexts;
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
            narrow(request, context, type);
        }
        return true;
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
            case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE ->
                    DATA_FREE_OPERATIONS.contains(request.getOperation()) ? Optional.empty()
                            : Optional.of(CHANGING_OPERATIONS.contains(request.getOperation()) ? Letter.UPDATE : Letter.READ);
            default -> throw AccessContexts.forbidden("The interaction " + operation.getCode() + " is not offered");
        };
    }

    /** Adds search parameters (ANDed with the client's) that keep the search to visible data. */
    private static void narrow(RequestDetails request, AccessContext context, String type) {
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
        } else if (context.requester().actsForOrganization()) {
            String own = context.organizationReference().orElseThrow();
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

    private static void and(Map<String, String[]> parameters, String name, String value) {
        String[] existing = parameters.getOrDefault(name, new String[0]);
        if (Arrays.asList(existing).contains(value)) {
            return;
        }
        String[] combined = Arrays.copyOf(existing, existing.length + 1);
        combined[existing.length] = value;
        parameters.put(name, combined);
    }
}
