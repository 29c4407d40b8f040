package nl.schakelpunt.conformance;

/** The canonical URLs of the implementation guide that code outside the guide refers to. */
public final class Canonicals {

    /** The base of every canonical URL of the guide. */
    public static final String BASE = "https://schakelpunt.nl/fhir";

    /** The extension that names the holder of a clinical record. */
    public static final String HOLDER_EXTENSION = BASE + "/StructureDefinition/holder";

    private Canonicals() {
    }
}
