package nl.schakelpunt.portal;

import java.io.Serializable;

/**
 * Who is signed in to the portal or the desk, as kept in the web session. The FHIR API decides what they may do from
 * the token it is sent; this is only what the pages show and which token to ask for.
 *
 * @param kind             a patient (the portal) or a member of staff of a data holder (the desk)
 * @param subject          the demo persona or the OpenID Connect subject
 * @param name             the name shown on the pages
 * @param bsn              the patient's BSN; null for staff
 * @param organizationId   the data holder a member of staff works for; null for patients
 * @param organizationName its name
 * @param verifiedLogin    whether the login established who the person is at a substantial level or higher (DigiD
 *                         substantieel or hoog): only then may an online permission take effect at once
 */
public record PortalUser(Kind kind, String subject, String name, String bsn, String organizationId,
        String organizationName, boolean verifiedLogin) implements Serializable {

    /** The two front ends and the role each gives in the web session. */
    public enum Kind {
        PATIENT("ROLE_PATIENT"),
        STAFF("ROLE_STAFF");

        private final String authority;

        Kind(String authority) {
            this.authority = authority;
        }

        public String authority() {
            return authority;
        }
    }
}
