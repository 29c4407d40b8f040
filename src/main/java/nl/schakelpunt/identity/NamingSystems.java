package nl.schakelpunt.identity;

/** The identifier systems of Dutch healthcare that the exchange point uses. */
public final class NamingSystems {

    /** Citizen service number ("burgerservicenummer"). */
    public static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";
    /** Organisation number in the UZI register. */
    public static final String URA = "http://fhir.nl/fhir/NamingSystem/ura";
    /** Provider code in the AGB register. */
    public static final String AGB = "http://fhir.nl/fhir/NamingSystem/agb-z";
    /** UZI number of a person. */
    public static final String UZI_PERSON = "http://fhir.nl/fhir/NamingSystem/uzi-nr-pers";
    /** UZI role code of a professional. */
    public static final String UZI_ROLE = "http://fhir.nl/fhir/NamingSystem/uzi-rolcode";
    /** The purposes of use of a look-up (treatment, emergency treatment), from HL7 v3 ActReason. */
    public static final String PURPOSE_OF_USE = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    /** BIG register number. */
    public static final String BIG = "http://fhir.nl/fhir/NamingSystem/big";

    private NamingSystems() {
    }
}
