package nl.schakelpunt.access;

import java.util.Optional;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.jpa.searchparam.extractor.PathAndRef;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import nl.schakelpunt.fhirserver.StorageInterceptor;

/**
 * A reference in a resource being written may not tell whether a record the writer may not see
 * exists: HAPI refuses a reference to a missing resource, and would store one to somebody else's
 * record. A reference (on a search parameter's path, the ones HAPI resolves) to a clinical record
 * or permission the writer may not reach, or to a deleted one, is refused with HAPI's own words for
 * a missing target, inside the write's database transaction.
 */
@Component
@Interceptor
public class ReferenceRules implements StorageInterceptor {

    private final AccessContexts contexts;
    private final StoredFacts storedFacts;
    private final AccessReach reaching;
    private final TypePolicy types;
    private final ISearchParamExtractor extractor;

    public ReferenceRules(AccessContexts contexts, StoredFacts storedFacts, AccessReach reaching, TypePolicy types,
            ISearchParamExtractor extractor) {
        this.contexts = contexts;
        this.storedFacts = storedFacts;
        this.reaching = reaching;
        this.types = types;
        this.extractor = extractor;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void creating(IBaseResource resource, RequestDetails request) {
        check(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updating(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        check(resource, request);
    }

    private void check(IBaseResource resource, RequestDetails request) {
        Optional<AccessContext> context = contexts.of(request);
        if (context.isEmpty()) {
            return;
        }
        for (PathAndRef link : extractor.extractResourceLinks(resource, false)) {
            IIdType target = link.getRef() == null ? null : link.getRef().getReferenceElement();
            if (target == null || !target.hasResourceType() || !target.hasIdPart() || target.isAbsolute()
                    || target.isLocal() || target.getValue().startsWith("urn:")) {
                continue;
            }
            String type = target.getResourceType();
            DataGroup group = types.groupOf(type).orElse(null);
            if (group != DataGroup.CLINICAL && group != DataGroup.PERMISSION) {
                continue;
            }
            Optional<ResourceFacts> facts = storedFacts.of(type, target.getIdPart());
            Verdict verdict;
            if (facts.isPresent()) {
                verdict = reaching.reach(context.get(), facts.get(), request);
            } else if (storedFacts.deleted(type, target.getIdPart())) {
                verdict = Verdict.deny("access.reference", type + "/" + target.getIdPart() + " is deleted");
            } else {
                // Missing: HAPI answers that itself, in the same words.
                continue;
            }
            if (!verdict.permitted()) {
                AccessNotes.denied(request, Verdict.deny("access.reference",
                        "a reference at " + link.getPath() + ": " + verdict.reason()));
                throw new InvalidRequestException(Msg.code(1094) + "Resource " + type + "/" + target.getIdPart()
                        + " not found, specified in path: " + link.getPath());
            }
        }
    }
}
