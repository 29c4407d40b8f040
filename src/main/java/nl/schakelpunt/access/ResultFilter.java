package nl.schakelpunt.access;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import nl.schakelpunt.fhirserver.StorageInterceptor;
import nl.schakelpunt.identity.Requester.Kind;

/**
 * Second line of defence: every resource the storage layer is about to return, whether from a
 * read, a search page, an include, a history, an operation or a batch entry, is checked once more
 * against the access rules, and withheld when the requester may not see it. A read of one resource
 * that is withheld answers exactly as a read of a resource that does not exist. A resource drawn in
 * by an include is shown only when a resource shown on the same page refers to it.
 */
@Component
@Interceptor
public class ResultFilter implements StorageInterceptor {

    /** Interactions that return one resource (or its versions): withheld there is "not known". */
    private static final Set<RestOperationTypeEnum> ONE_RESOURCE = Set.of(RestOperationTypeEnum.READ,
            RestOperationTypeEnum.VREAD, RestOperationTypeEnum.HISTORY_INSTANCE, RestOperationTypeEnum.HISTORY_TYPE,
            RestOperationTypeEnum.HISTORY_SYSTEM);

    private final FhirContext fhirContext;
    private final AccessContexts contexts;
    private final ProfessionalLookups lookups;
    private final TypePolicy types;
    private final AccessDecision decision;

    public ResultFilter(FhirContext fhirContext, AccessContexts contexts, ProfessionalLookups lookups,
            TypePolicy types, AccessDecision decision) {
        this.types = types;
        this.decision = decision;
        this.fhirContext = fhirContext;
        this.contexts = contexts;
        this.lookups = lookups;
    }

    private boolean maySee(AccessContext context, IBaseResource resource, RequestDetails request) {
        ResourceFacts facts = ResourceFacts.of(types, fhirContext, resource);
        // The information points answer for an HTTP request; without one, nothing is shown.
        if (!AccessContexts.isHttp(request)) {
            return false;
        }
        AccessDecision.Answers answers = lookups.answers(context, request);
        Verdict verdict = decision.mayShow(context, facts, resource, answers, namedByRequester(context, facts, request));
        if (verdict.permitted() && verdict.rule().equals("permission")) {
            AccessNotes.permitted(request, verdict.reason());
            if (answers.permissions().usedEmergencyRegime()) {
                ProfessionalLookups.emergencyRegimeUsed(request);
            }
        }
        return verdict.permitted();
    }

    /**
     * A Patient an organisation's system has just written, or found by the BSN it already knows, is
     * shown to that system; everyone else sees a Patient only with a reason to (AccessDecision).
     */
    private static boolean namedByRequester(AccessContext context, ResourceFacts facts, RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        // A write, alone or in a bundle, matches a pushed Patient on its BSN (PatientMatching).
        if (operation == RestOperationTypeEnum.CREATE || operation == RestOperationTypeEnum.UPDATE
                || operation == RestOperationTypeEnum.TRANSACTION || operation == RestOperationTypeEnum.BATCH) {
            return true;
        }
        return context.kind() == Kind.ORGANIZATION && operation == RestOperationTypeEnum.SEARCH_TYPE
                && "Patient".equals(request.getResourceName()) && request.getParameters().containsKey("identifier");
    }

    @Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = -100)
    public void withhold(IPreResourceShowDetails details, RequestDetails request) {
        Optional<AccessContext> context = contexts.of(request);
        if (context.isEmpty()) {
            return;
        }
        boolean one = ONE_RESOURCE.contains(request.getRestOperationType());
        String searched = request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE
                ? request.getResourceName() : null;
        for (int i = 0; i < details.size(); i++) {
            IBaseResource resource = details.getResource(i);
            if (resource != null && !maySee(context.get(), resource, request)) {
                if (one) {
                    // HAPI's history paging cannot skip a withheld version either: the resource is not known.
                    IIdType id = request.getId() != null && request.getId().hasIdPart() ? request.getId()
                            : resource.getIdElement();
                    throw AccessContexts.notKnown(fhirContext.getResourceType(resource), id.getIdPart());
                }
                details.setResource(i, null);
            }
        }
        if (searched != null) {
            withholdUnreachedIncludes(details, searched);
        }
    }

    /**
     * On a page of a search, a resource of another type than the one searched was drawn in by an
     * include: it is shown only when a shown resource refers to it, one of the searched type or,
     * for an iterating include, an included resource that is itself shown that way.
     */
    private void withholdUnreachedIncludes(IPreResourceShowDetails details, String searched) {
        Set<String> reached = new HashSet<>();
        Set<Integer> shown = new HashSet<>();
        for (int i = 0; i < details.size(); i++) {
            IBaseResource resource = details.getResource(i);
            if (resource != null && searched.equals(fhirContext.getResourceType(resource))) {
                shown.add(i);
                reached.addAll(referencesOf(resource));
            }
        }
        boolean grown = true;
        while (grown) {
            grown = false;
            for (int i = 0; i < details.size(); i++) {
                IBaseResource resource = details.getResource(i);
                if (resource != null && !shown.contains(i) && reached.contains(fhirContext.getResourceType(resource)
                        + "/" + resource.getIdElement().getIdPart())) {
                    shown.add(i);
                    grown |= reached.addAll(referencesOf(resource));
                }
            }
        }
        for (int i = 0; i < details.size(); i++) {
            if (details.getResource(i) != null && !shown.contains(i)) {
                details.setResource(i, null);
            }
        }
    }

    private Set<String> referencesOf(IBaseResource resource) {
        Set<String> targets = new HashSet<>();
        for (IBaseReference reference : fhirContext.newTerser()
                .getAllPopulatedChildElementsOfType(resource, IBaseReference.class)) {
            IIdType target = reference.getReferenceElement();
            if (target != null && target.hasResourceType() && target.hasIdPart()) {
                targets.add(target.getResourceType() + "/" + target.getIdPart());
            }
        }
        return targets;
    }
}
