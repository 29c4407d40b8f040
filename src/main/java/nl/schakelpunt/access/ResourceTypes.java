package nl.schakelpunt.access;

import java.util.Map;
import java.util.Optional;

/**
 * The data group of each served resource type, and for types about a patient, the element that
 * names the patient. A type not in this table is refused (fail closed).
 */
public final class ResourceTypes {

    private record Entry(DataGroup group, String patientElement) {
    }

    private static final Map<String, Entry> TYPES = Map.ofEntries(
            Map.entry("Organization", new Entry(DataGroup.DIRECTORY, null)),
            Map.entry("Practitioner", new Entry(DataGroup.DIRECTORY, null)),
            Map.entry("PractitionerRole", new Entry(DataGroup.DIRECTORY, null)),
            Map.entry("Medication", new Entry(DataGroup.PRODUCT, null)),
            Map.entry("SearchParameter", new Entry(DataGroup.CONFORMANCE, null)),
            Map.entry("StructureDefinition", new Entry(DataGroup.CONFORMANCE, null)),
            Map.entry("ValueSet", new Entry(DataGroup.CONFORMANCE, null)),
            Map.entry("CodeSystem", new Entry(DataGroup.CONFORMANCE, null)),
            Map.entry("OperationDefinition", new Entry(DataGroup.CONFORMANCE, null)),
            Map.entry("CapabilityStatement", new Entry(DataGroup.CONFORMANCE, null)),
            Map.entry("Patient", new Entry(DataGroup.PATIENT, null)),
            Map.entry("MedicationStatement", new Entry(DataGroup.CLINICAL, "subject")),
            Map.entry("MedicationRequest", new Entry(DataGroup.CLINICAL, "subject")),
            Map.entry("MedicationDispense", new Entry(DataGroup.CLINICAL, "subject")),
            Map.entry("AllergyIntolerance", new Entry(DataGroup.CLINICAL, "patient")),
            Map.entry("Condition", new Entry(DataGroup.CLINICAL, "subject")),
            Map.entry("EpisodeOfCare", new Entry(DataGroup.CLINICAL, "patient")),
            Map.entry("Encounter", new Entry(DataGroup.CLINICAL, "subject")),
            Map.entry("Observation", new Entry(DataGroup.CLINICAL, "subject")),
            Map.entry("Composition", new Entry(DataGroup.CLINICAL, "subject")),
            Map.entry("Consent", new Entry(DataGroup.PERMISSION, "patient")),
            Map.entry("AuditEvent", new Entry(DataGroup.AUDIT, null)));

    private ResourceTypes() {
    }

    public static Optional<DataGroup> groupOf(String resourceType) {
        Entry entry = resourceType == null ? null : TYPES.get(resourceType);
        return entry == null ? Optional.empty() : Optional.of(entry.group());
    }

    /** The element of this type that references the patient, for clinical types and permissions. */
    public static Optional<String> patientElement(String resourceType) {
        Entry entry = resourceType == null ? null : TYPES.get(resourceType);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.patientElement());
    }

    /** Whether this type is about one patient: a Patient, a clinical type or a permission. */
    public static boolean isPatientData(String resourceType) {
        return groupOf(resourceType)
                .map(g -> g == DataGroup.PATIENT || g == DataGroup.CLINICAL || g == DataGroup.PERMISSION)
                .orElse(true);
    }
}
