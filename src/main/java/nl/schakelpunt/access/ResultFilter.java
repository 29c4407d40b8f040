package nl.schakelpunt.access;

import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import nl.schakelpunt.fhirserver.StorageInterceptor;
import nl.schakelpunt.identity.Requester.Kind;

/**
 * Second line of defence: every resource the storage layer is about to return, whether from a
 * read, a search page, an include, a history, an operation or a batch entry, is checked once more
 * against the access rules, and withheld when the requester may not see it.
 */
@Component
@Interceptor
public class ResultFilter implements StorageInterceptor {

    private static final Set<RestOperationTypeEnum> HISTORY = Set.of(RestOperationTypeEnum.HISTORY_INSTANCE,
            RestOperationTypeEnum.HISTORY_TYPE, RestOperationTypeEnum.HISTORY_SYSTEM);

    private final FhirContext fhirContext;
    private final AccessContexts contexts;
    private final ProfessionalLookups lookups;

    public ResultFilter(FhirContext fhirContext, AccessContexts contexts, ProfessionalLookups lookups) {
        this.fhirContext = fhirContext;
        this.contexts = contexts;
        this.lookups = lookups;
    }

    private boolean maySee(AccessContext context, IBaseResource resource, RequestDetails request) {
        ResourceFacts facts = ResourceFacts.of(fhirContext, resource);
        if (!AccessRules.maySee(context, facts)) {
            return false;
        }
        if (context.kind() == Kind.PROFESSIONAL
                && ResourceTypes.groupOf(facts.type()).orElse(null) == DataGroup.CLINICAL) {
            // A professional's context comes from an HTTP request; without one, nothing is shown.
            return request instanceof ServletRequestDetails servlet
                    && lookups.maySee(context, facts, resource, servlet.getServletRequest());
        }
        return true;
    }

    @Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = -100)
    public void withhold(IPreResourceShowDetails details, RequestDetails request) {
        Optional<AccessContext> context = contexts.of(request);
        if (context.isEmpty()) {
            return;
        }
        boolean history = HISTORY.contains(request.getRestOperationType());
        for (int i = 0; i < details.size(); i++) {
            IBaseResource resource = details.getResource(i);
            if (resource != null && !maySee(context.get(), resource, request)) {
                if (history) {
                    // HAPI's history paging cannot skip a withheld version; answer as if the
                    // resource did not exist (type-level history of patient data is refused at the door).
                    throw new ResourceNotFoundException(request.getId());
                }
                details.setResource(i, null);
            }
        }
    }
}
