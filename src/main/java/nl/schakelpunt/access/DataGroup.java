package nl.schakelpunt.access;

/** What kind of data a resource type holds, which decides who may touch it at all. */
public enum DataGroup {
    /** Organisations, professionals and their roles: no patient data. */
    DIRECTORY,
    /** Medicinal products, which holders send along with medication data: no patient data. */
    PRODUCT,
    /** The implementation guide's conformance resources. */
    CONFORMANCE,
    /** A Patient: the shared identity of a person, matched by BSN. */
    PATIENT,
    /** A record a data holder keeps about a patient; carries the holder extension. */
    CLINICAL,
    /** A patient's permission (Consent), addressed to one data holder. */
    PERMISSION,
    /** The record of who accessed what. */
    AUDIT
}
