package nl.schakelpunt.consent;

import nl.schakelpunt.conformance.Canonicals;
import nl.schakelpunt.identity.NamingSystems;

/**
 * The vocabulary of a permission (a FHIR Consent): who holds the data, for whom and what it may
 * be shared, and how the patient gave it.
 */
public final class PermissionCodes {

    public static final String CANONICAL_BASE = Canonicals.BASE;

    public static final String CONSENT_SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope";
    public static final String PATIENT_PRIVACY = "patient-privacy";
    public static final String LOINC = "http://loinc.org";
    public static final String PATIENT_CONSENT_LOINC = "59284-0";
    public static final String ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public static final String OPT_IN = "OPTIN";
    public static final String PARTICIPATION_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    /** The custodian: the data holder a permission is given to. */
    public static final String CUSTODIAN = "CST";
    public static final String ACT_REASON_SYSTEM = NamingSystems.PURPOSE_OF_USE;
    public static final String TREATMENT = "TREAT";
    public static final String EMERGENCY_TREATMENT = "ETREAT";

    /** Data categories, aligned with the national consent service ("gegevenscategorie"). */
    public static final String DATA_CATEGORY_SYSTEM = "http://fhir.nl/otv/CodeSystem/gegevenscategorie";
    public static final String TREATMENT_DATA = "GGC002";
    public static final String RESULTS = "GGC012";
    public static final String MEDICATION = "GGC013";

    /** Consulting provider categories ("raadplegende zorgaanbiedercategorie"). */
    public static final String RECIPIENT_CATEGORY_SYSTEM = "http://fhir.nl/otv/CodeSystem/raadplegende-zorgaanbiedercategorie";
    public static final String GPS_AND_HAPS = "RPZAC001";
    public static final String PHARMACIES = "RPZAC005";
    public static final String HOSPITALS = "RPZAC104";

    /** How the patient gave the permission: verbally, on a paper form, or online. */
    public static final String CHANNEL_EXTENSION = CANONICAL_BASE + "/StructureDefinition/permission-channel";
    public static final String CHANNEL_SYSTEM = CANONICAL_BASE + "/CodeSystem/permission-channel";
    public static final String VERBAL = "verbal";
    public static final String PAPER = "paper";
    public static final String ONLINE = "online";
    /** Given verbally to a treating provider at the point of care: a temporary permission. */
    public static final String POINT_OF_CARE = "point-of-care";
    /** On a temporary permission: the organisation it lets see the data (the information recipient). */
    public static final String INFORMATION_RECIPIENT = "IRCP";

    /** On a nested provision: the consulting provider categories it applies to. */
    public static final String RECIPIENT_CATEGORY_EXTENSION = CANONICAL_BASE + "/StructureDefinition/recipient-category";
    /** Why a holder could not process an online request; the patient sees it. */
    public static final String REJECTION_REASON_EXTENSION = CANONICAL_BASE + "/StructureDefinition/permission-rejection-reason";
    /** On a health centre: whether a permission given to its GP practice also covers its pharmacy. */
    public static final String CENTRE_GP_COVERS_PHARMACY_EXTENSION =
            CANONICAL_BASE + "/StructureDefinition/centre-gp-permission-covers-pharmacy";
    /** On a clinical resource: the organisation that holds it. */
    public static final String HOLDER_EXTENSION = Canonicals.HOLDER_EXTENSION;

    private PermissionCodes() {
    }
}
