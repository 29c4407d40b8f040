package nl.schakelpunt.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.util.UrlUtil;
import jakarta.servlet.http.HttpServletRequest;
import nl.schakelpunt.access.Call.Interaction;
import nl.schakelpunt.fhirserver.RequestInterceptor;
import nl.schakelpunt.identity.Requester.Kind;

/**
 * Enforcement point at the door of the FHIR endpoint, the same for a request sent on its own and
 * for every entry of a batch or transaction: asks the {@link AccessDecision} (the requester kind's
 * allow-list, the data-group policy, the scopes) and refuses with 403 what is not listed; answers a
 * request by id for a resource the requester may not reach exactly as for one that does not exist,
 * deciding from the index before anything is read; and narrows a search to what the requester may
 * see before it runs. What is finally returned is checked
 * again, resource by resource, by {@link ResultFilter}; writes are checked by {@link WriteRules}
 * whichever way they arrive.
 */
@Component
@Interceptor
public class RequestGate implements RequestInterceptor {

    /** Interactions that name one stored resource, decided on from the index before it is read. */
    private static final Set<Interaction> BY_ID = Set.of(Interaction.READ, Interaction.VREAD,
            Interaction.HISTORY_INSTANCE, Interaction.PATCH, Interaction.DELETE, Interaction.UPDATE,
            Interaction.OPERATION_INSTANCE);

    /** Entries read by id in a bundle: their answer as missing comes from the second line, inside the entry. */
    private static final Set<Interaction> ENTRY_READS = Set.of(Interaction.READ, Interaction.VREAD,
            Interaction.HISTORY_INSTANCE);

    /** Marks a request whose bundle is a batch: HAPI hands each entry over as a transaction of one. */
    private static final String IN_BATCH = RequestGate.class.getName() + ".batch";

    /** The URLs of a bundle's entries as the client wrote them, in order, before any narrowing. */
    private static final String ENTRY_URLS = RequestGate.class.getName() + ".entryUrls";

    private final AccessContexts contexts;
    private final ProfessionalLookups lookups;
    private final AccessDecision decision;
    private final StoredFacts storedFacts;
    private final TypePolicy types;
    private final AccessReach reaching;

    public RequestGate(AccessContexts contexts, ProfessionalLookups lookups,
            AccessDecision decision, StoredFacts storedFacts, TypePolicy types, AccessReach reaching) {
        this.types = types;
        this.reaching = reaching;
        this.contexts = contexts;
        this.lookups = lookups;
        this.decision = decision;
        this.storedFacts = storedFacts;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean check(RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == RestOperationTypeEnum.METADATA || operation == RestOperationTypeEnum.GET_PAGE) {
            // A page belongs to the search that made it, narrowed then (SearchOwners checks its owner).
            return true;
        }
        AccessContext context = contexts.require(request);
        Call call = Calls.of(request).orElseThrow(() -> AccessContexts.forbidden("The interaction "
                + (operation == null ? "asked" : operation.getCode()) + " is not offered"));
        if (call.interaction() == Interaction.TRANSACTION) {
            // Transaction or batch is known once the bundle is read: decided in checkEntries.
            return true;
        }
        enter(context, call, request);
        if (call.interaction() == Interaction.SEARCH_TYPE) {
            Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameters());
            narrow(parameters, context, call.type(), request);
            request.setParameters(parameters);
        }
        narrowConditionalWrite(request, context, operation, call.type());
        return true;
    }

    /**
     * The entries of a transaction, and each entry of a batch (which HAPI hands over again as a
     * transaction of one entry), pass the same door as the same request sent on its own: the
     * allow-list, the check by id, and the narrowing of searches and conditional criteria.
     */
    @Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
    public void checkEntries(IBaseBundle bundle, RequestDetails request) {
        if (!(bundle instanceof Bundle entries) || !AccessContexts.isHttp(request)) {
            return;
        }
        AccessContext context = contexts.require(request);
        if (entries.getType() == Bundle.BundleType.BATCH) {
            request.getUserData().put(IN_BATCH, Boolean.TRUE);
            refuseUnless(decision.mayRun(context, new Call(Interaction.BATCH, null, null, null, Map.of())), request);
            return;
        }
        if (!request.getUserData().containsKey(IN_BATCH)) {
            refuseUnless(decision.mayRun(context, new Call(Interaction.TRANSACTION, null, null, null, Map.of())), request);
        }
        for (Bundle.BundleEntryComponent entry : entries.getEntry()) {
            Bundle.BundleEntryRequestComponent entryRequest = entry.getRequest();
            entryUrls(request).add(entryRequest.getUrl());
            Call call = Calls.of(entryRequest).orElseThrow(() -> AccessContexts.forbidden("The entry "
                    + entryRequest.getMethod() + " " + entryRequest.getUrl() + " is not a request this server offers"));
            if (ENTRY_READS.contains(call.interaction())) {
                refuseUnless(decision.mayRun(context, call), request);
            } else {
                enter(context, call, request);
            }
            if (call.interaction() == Interaction.SEARCH_TYPE) {
                Map<String, String[]> parameters = new LinkedHashMap<>();
                call.parameters().forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
                narrow(parameters, context, call.type(), request);
                entryRequest.setUrl(call.type() + "?" + query(parameters));
            }
        }
        narrowConditionalEntries(entries, context);
    }

    private static void refuseUnless(Verdict verdict, RequestDetails request) {
        if (!verdict.permitted()) {
            AccessNotes.denied(request, verdict);
            throw AccessContexts.forbidden(verdict.reason());
        }
    }

    /** The decision on one call, and for a call by id, whether the requester may reach that resource. */
    private void enter(AccessContext context, Call call, RequestDetails request) {
        refuseUnless(decision.mayRun(context, call), request);
        if (call.id() == null || call.type() == null || !BY_ID.contains(call.interaction())
                || "AuditEvent".equals(call.type())) {
            return;
        }
        Optional<ResourceFacts> facts = storedFacts.of(call.type(), call.id());
        if (call.interaction() == Interaction.UPDATE) {
            // An update of an id not in use creates; one of another's resource is refused by WriteRules.
            return;
        }
        if (facts.isEmpty()) {
            AccessNotes.denied(request, Verdict.deny("access.unknown", call.type() + "/" + call.id()
                    + " does not exist"));
            throw AccessContexts.notKnown(call.type(), call.id());
        }
        Verdict reach = reaching.reach(context, facts.get(), request);
        if (!reach.permitted()) {
            AccessNotes.denied(request, reach, facts.get());
            throw AccessContexts.notKnown(call.type(), call.id());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> entryUrls(RequestDetails request) {
        return (List<String>) request.getUserData().computeIfAbsent(ENTRY_URLS, k -> new ArrayList<String>());
    }

    /**
     * What an answer says about the search behind it is what the client asked, nothing the door
     * added: the self link of a search (HAPI writes it from the narrowed parameters, which would
     * name the holders a patient's permissions let through) is the URL as the client wrote it, also
     * for the searches of a batch. Totals and counts of a professional's search are left out: the
     * database narrows to the holders the permissions let through, but which resources are finally
     * shown is decided one by one, and a count must not tell what was withheld.
     */
    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean answer(RequestDetails request, IBaseResource response, HttpServletRequest servletRequest) {
        if (!(response instanceof Bundle bundle)) {
            return true;
        }
        String base = request.getFhirServerBase();
        if (bundle.getType() == Bundle.BundleType.SEARCHSET && bundle.getLink(Bundle.LINK_SELF) != null) {
            String query = servletRequest.getQueryString();
            bundle.getLink(Bundle.LINK_SELF).setUrl(base + "/" + request.getRequestPath()
                    + (query == null ? "" : "?" + query));
        }
        List<String> asked = entryUrls(request);
        for (int i = 0; i < bundle.getEntry().size() && i < asked.size(); i++) {
            if (bundle.getEntry().get(i).getResource() instanceof Bundle nested
                    && nested.getLink(Bundle.LINK_SELF) != null) {
                nested.getLink(Bundle.LINK_SELF).setUrl(base + "/" + asked.get(i));
            }
        }
        if (AccessContexts.requesterOf(servletRequest).map(r -> r.kind() == Kind.PROFESSIONAL).orElse(false)) {
            hideTotals(bundle);
        }
        return true;
    }

    private static void hideTotals(Bundle bundle) {
        if (bundle.getType() == Bundle.BundleType.SEARCHSET) {
            bundle.setTotalElement(null);
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Bundle nested) {
                hideTotals(nested);
            }
        }
    }

    private static String query(Map<String, String[]> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, values) -> {
            for (String value : values) {
                if (query.length() > 0) {
                    query.append('&');
                }
                query.append(UrlUtil.escapeUrlParam(name)).append('=').append(UrlUtil.escapeUrlParam(value));
            }
        });
        return query.toString();
    }

    /**
     * The criteria of a conditional create, update, delete or patch of clinical data match only the
     * requester's own data, so that a conditional write cannot probe for another holder's resources.
     */
    private void narrowConditionalWrite(RequestDetails request, AccessContext context,
            RestOperationTypeEnum operation, String type) {
        if (types.groupOf(type).orElse(null) != DataGroup.CLINICAL || context.organizationId() == null) {
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
    private void narrowConditionalEntries(Bundle transaction, AccessContext context) {
        if (context.organizationId() == null) {
            return;
        }
        String own = "holder=Organization/" + context.organizationId();
        for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
            Bundle.BundleEntryRequestComponent call = entry.getRequest();
            String url = call.getUrl();
            String type = url == null ? null : url.split("[/?]")[0];
            if (types.groupOf(type).orElse(null) != DataGroup.CLINICAL) {
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
     * Narrows a search before it runs, as the decision point says: the client's parameters ANDed
     * with those that keep it to what the requester may see.
     */
    private void narrow(Map<String, String[]> parameters, AccessContext context, String type,
            RequestDetails request) {
        AccessDecision.Answers answers = lookups.answers(context, request);
        AccessDecision.Narrowing narrowing = decision.narrow(context, type, parameters, answers);
        refuseUnless(narrowing.verdict(), request);
        parameters.clear();
        parameters.putAll(narrowing.parameters());
        if (context.kind() == Kind.PROFESSIONAL && answers.permissions().usedEmergencyRegime()) {
            ProfessionalLookups.emergencyRegimeUsed(request);
        }
    }
}
