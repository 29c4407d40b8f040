package nl.schakelpunt.access;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import nl.schakelpunt.fhirserver.RequestInterceptor;

/**
 * Remembers which organisation sent which Patient, created or matched on its BSN, so that it can
 * read that Patient back by id before it has sent any data about them. Written in the write's own
 * database transaction for a create; for a match (nothing is written), when the answer goes out.
 */
@Component
@Interceptor
public class PatientRegistrations implements RequestInterceptor {

    private final AccessContexts contexts;
    private final StoredFacts storedFacts;

    public PatientRegistrations(AccessContexts contexts, StoredFacts storedFacts) {
        this.contexts = contexts;
        this.storedFacts = storedFacts;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        register(resource, request);
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean matched(RequestDetails request, IBaseResource response, HttpServletRequest servletRequest) {
        if (request.getRestOperationType() == RestOperationTypeEnum.CREATE) {
            register(response, request);
        }
        return true;
    }

    private void register(IBaseResource resource, RequestDetails request) {
        if (!(resource instanceof Patient patient) || patient.getIdElement().getIdPart() == null) {
            return;
        }
        contexts.of(request).map(AccessContext::organizationId)
                .ifPresent(organization -> storedFacts.register(patient.getIdElement().getIdPart(), organization));
    }
}
