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
    private final AccessDecision decision;

    public WriteRules(FhirContext fhirContext, AccessContexts contexts, RequesterDirectory directory,
            TypePolicy types, AccessDecision decision) {
        this.types = types;
        this.decision = decision;
        this.fhirContext = fhirContext;
        this.contexts = contexts;
        this.directory = directory;
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -200)
    public void creating(IBaseResource resource, RequestDetails request) {
        Optional<AccessContext> context = contexts.of(request);
        if (context.isPresent()) {
            String type = fhirContext.getResourceType(resource);
            require(context.get(), type, Letter.CREATE, null, request);
            recordHolder(context.get(), resource);
        }
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -200)
    public void updating(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        Optional<AccessContext> context = contexts.of(request);
        if (context.isPresent()) {
            String type = fhirContext.getResourceType(resource);
            require(context.get(), type, Letter.UPDATE, previous, request);
            recordHolder(context.get(), resource);
        }
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = -200)
    public void deleting(IBaseResource resource, RequestDetails request) {
        Optional<AccessContext> context = contexts.of(request);
        if (context.isPresent()) {
            String type = fhirContext.getResourceType(resource);
            require(context.get(), type, Letter.DELETE, resource, request);
        }
    }

    /**
     * The decision point on a write; for an update or delete, on the stored resource's facts. (Who
     * changes a permission is the permission life cycle's to ask.)
     */
    private void require(AccessContext context, String type, Letter letter, IBaseResource stored,
            RequestDetails request) {
        Verdict verdict = decision.mayWrite(context, type, letter,
                stored == null ? null : ResourceFacts.of(types, fhirContext, stored));
        if (!verdict.permitted()) {
            AccessNotes.denied(request, verdict);
            throw AccessContexts.forbidden(verdict.reason());
        }
    }

    /**
     * Records the requester's organisation as the holder of a clinical resource, or as the supplier
     * of a directory entry, replacing any holder extension in the payload. A directory entry the
     * operator writes is the exchange point's own and carries none (ADR 18).
     */
    private void recordHolder(AccessContext context, IBaseResource resource) {
        String type = fhirContext.getResourceType(resource);
        DataGroup group = types.groupOf(type).orElseThrow();
        if ((group != DataGroup.CLINICAL && group != DataGroup.DIRECTORY) || !(resource instanceof DomainResource domain)) {
            return;
        }
        domain.getExtension().removeIf(e -> Canonicals.HOLDER_EXTENSION.equals(e.getUrl()));
        context.organizationReference()
                .filter(own -> context.requester().actsForOrganization())
                .ifPresent(own -> domain.addExtension(Canonicals.HOLDER_EXTENSION, holderReference(context, own)));
    }

    /** The holder with its name as display, as national exchanges expect of every reference. */
    private Reference holderReference(AccessContext context, String own) {
        Reference holder = new Reference(own);
        directory.organizationByUra(context.requester().organizationUra())
                .map(RequesterDirectory.RegisteredOrganization::name).ifPresent(holder::setDisplay);
        return holder;
    }
}
