package nl.schakelpunt.access;

import java.util.Optional;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import nl.schakelpunt.conformance.Canonicals;
import nl.schakelpunt.fhirserver.StorageInterceptor;
import nl.schakelpunt.identity.Scopes.Letter;

/**
 * Enforcement point for writes, inside the database transaction of every write path (a REST
 * call, a conditional write, a patch, a transaction or batch entry): the requester must be allowed
 * to write the type, a holder writes only as itself, and the holder of a clinical resource is
 * recorded from the token, never taken from the payload. A refusal rolls the whole write back.
 */
@Component
@Interceptor
public class WriteRules implements StorageInterceptor {

    private final FhirContext fhirContext;
    private final AccessContexts contexts;
    private final RequesterDirectory directory;
    private final TypePolicy types;

    public WriteRules(FhirContext fhirContext, AccessContexts contexts, RequesterDirectory directory,
            TypePolicy types) {
        this.types = types;
        this.fhirContext = fhirContext;
        this.contexts = contexts;
        this.directory = directory;
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -200)
    public void creating(IBaseResource resource, RequestDetails request) {
        Optional<AccessContext> context = contexts.of(request);
        if (context.isPresent()) {
            String type = fhirContext.getResourceType(resource);
            require(context.get(), type, Letter.CREATE);
            recordHolder(context.get(), resource);
        }
        forgetOrganizationsOnChange(resource);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -200)
    public void updating(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        Optional<AccessContext> context = contexts.of(request);
        if (context.isPresent()) {
            String type = fhirContext.getResourceType(resource);
            require(context.get(), type, Letter.UPDATE);
            requireOwn(context.get(), previous, "update");
            recordHolder(context.get(), resource);
        }
        forgetOrganizationsOnChange(resource);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = -200)
    public void deleting(IBaseResource resource, RequestDetails request) {
        Optional<AccessContext> context = contexts.of(request);
        if (context.isPresent()) {
            String type = fhirContext.getResourceType(resource);
            require(context.get(), type, Letter.DELETE);
            if ("Patient".equals(type)) {
                throw AccessContexts.forbidden("A Patient is shared by every holder with data about the patient"
                        + " and is not deleted through the API");
            }
            requireOwn(context.get(), resource, "delete");
        }
        forgetOrganizationsOnChange(resource);
    }

    private void require(AccessContext context, String type, Letter letter) {
        AccessRules.refusal(context, type, types.groupOf(type), letter).ifPresent(reason -> {
            throw AccessContexts.forbidden(reason);
        });
    }

    /**
     * A clinical resource of another holder is not this requester's to change. (Who changes a
     * permission is the permission life cycle's to say.)
     */
    private void requireOwn(AccessContext context, IBaseResource stored, String verb) {
        DataGroup group = types.groupOf(fhirContext.getResourceType(stored)).orElseThrow();
        if (group == DataGroup.CLINICAL
                && !AccessRules.isOwnData(context, ResourceFacts.of(types, fhirContext, stored))) {
            throw AccessContexts.forbidden("This " + fhirContext.getResourceType(stored)
                    + " is held by another organisation; a holder may " + verb + " only its own data");
        }
    }

    /** Records the requester's organisation as the holder of a clinical resource, replacing any holder extension. */
    private void recordHolder(AccessContext context, IBaseResource resource) {
        String type = fhirContext.getResourceType(resource);
        DataGroup group = types.groupOf(type).orElseThrow();
        String own = context.organizationReference().orElse(null);
        if (own == null) {
            return;
        }
        if (group == DataGroup.CLINICAL && resource instanceof DomainResource domain) {
            domain.getExtension().removeIf(e -> Canonicals.HOLDER_EXTENSION.equals(e.getUrl()));
            domain.addExtension(Canonicals.HOLDER_EXTENSION, new Reference(own));
        }
    }

    private void forgetOrganizationsOnChange(IBaseResource resource) {
        if ("Organization".equals(fhirContext.getResourceType(resource))) {
            directory.forgetOrganizations();
        }
    }
}
