package nl.schakelpunt.access;

import java.util.LinkedHashSet;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import nl.schakelpunt.conformance.Canonicals;

/**
 * What the access rules need to know of a resource: its type and id, which holders it belongs to
 * (the holder extension of a clinical resource, the organisation a permission is addressed to),
 * and which patient it is about. References are kept in the form {@code Type/id}.
 *
 * @param type             the resource type
 * @param id               the logical id, if it has one yet
 * @param group            the data group of the type, or null for a type the policy does not know
 * @param holders          the holder organisations' references
 * @param patientReference the patient's reference, or null
 */
public record ResourceFacts(String type, String id, DataGroup group, Set<String> holders, String patientReference) {

    public static ResourceFacts of(TypePolicy policy, FhirContext fhirContext, IBaseResource resource) {
        String type = fhirContext.getResourceType(resource);
        String id = resource.getIdElement().getIdPart();
        return new ResourceFacts(type, id, policy.groupOf(type).orElse(null), holdersOf(resource),
                patientOf(policy, fhirContext, type, resource));
    }

    /**
     * Whether a directory entry is the exchange point's own (written by its operator) rather than
     * supplied by a holder with its data: only its own entries say who a requester or a holder is.
     */
    public static boolean isRegistered(IBaseResource directoryEntry) {
        return holdersOf(directoryEntry).isEmpty();
    }

    /** The references of the holders a resource belongs to. */
    public static Set<String> holdersOf(IBaseResource resource) {
        Set<String> holders = new LinkedHashSet<>();
        if (resource instanceof Consent consent) {
            consent.getOrganization().forEach(reference -> add(holders, reference));
        } else if (resource instanceof DomainResource domain) {
            for (Extension extension : domain.getExtensionsByUrl(Canonicals.HOLDER_EXTENSION)) {
                if (extension.getValue() instanceof Reference reference) {
                    add(holders, reference);
                }
            }
        }
        return holders;
    }

    private static String patientOf(TypePolicy policy, FhirContext fhirContext, String type, IBaseResource resource) {
        if ("Patient".equals(type)) {
            String id = resource.getIdElement().getIdPart();
            return id == null ? null : "Patient/" + id;
        }
        String element = policy.patientElement(type).orElse(null);
        if (element == null) {
            return null;
        }
        FhirTerser terser = fhirContext.newTerser();
        IBaseReference reference = terser.getSingleValueOrNull(resource, element, IBaseReference.class);
        return reference == null ? null : normalise(reference.getReferenceElement());
    }

    private static void add(Set<String> references, Reference reference) {
        String normalised = normalise(reference.getReferenceElement());
        if (normalised != null) {
            references.add(normalised);
        }
    }

    private static String normalise(IIdType id) {
        if (id == null || id.isEmpty() || !id.hasResourceType() || !id.hasIdPart()) {
            return null;
        }
        return id.getResourceType() + "/" + id.getIdPart();
    }
}
