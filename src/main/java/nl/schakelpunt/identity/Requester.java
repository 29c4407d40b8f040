package nl.schakelpunt.identity;

import java.util.Optional;
import java.util.Set;

/**
 * Who is asking, as the bearer token asserts it: an organisation's system, a professional working
 * for an organisation, a patient, or an operator of the exchange point. Built only from a token
 * whose signature, issuer, audience, lifetime and claims have been checked.
 *
 * @param kind             what kind of requester this is
 * @param issuer           the trusted issuer that signed the token
 * @param subject          the token's subject
 * @param organizationUra  the URA of the organisation the requester acts for (organisation, professional)
 * @param organizationType the organisation's type code (Z3 GP practice, J8 pharmacy, ...)
 * @param uziNumber        the professional's UZI number
 * @param uziRole          the professional's UZI role code (01.015 GP, 17.000 pharmacist, ...)
 * @param purposeOfUse     TREAT or ETREAT (v3 ActReason), for look-ups
 * @param patientBsn       the patient's BSN, as a DigiD login asserts it
 * @param scopes           the SMART on FHIR scopes granted
 * @param tokenId          the token's {@code jti}, if any
 * @param loginAssurance   how surely a patient's login established who they are (DigiD: basis, midden,
 *                         substantieel, hoog); null if the token does not say
 */
public record Requester(
        Kind kind,
        String issuer,
        String subject,
        String organizationUra,
        String organizationType,
        String uziNumber,
        String uziRole,
        String purposeOfUse,
        String patientBsn,
        Scopes scopes,
        String tokenId,
        String loginAssurance) {

    /** The login levels that count as verified: DigiD substantieel and hoog (eIDAS substantial and high). */
    private static final Set<String> VERIFIED = Set.of("substantieel", "hoog");

    public enum Kind {
        ORGANIZATION("organization"),
        PROFESSIONAL("professional"),
        PATIENT("patient"),
        OPERATOR("operator");

        private final String claimValue;

        Kind(String claimValue) {
            this.claimValue = claimValue;
        }

        public String claimValue() {
            return claimValue;
        }

        public static Optional<Kind> ofClaim(String value) {
            for (Kind kind : values()) {
                if (kind.claimValue.equals(value)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** True when the login behind the token established the person's identity at a substantial level or higher. */
    public boolean verifiedLogin() {
        return loginAssurance != null && VERIFIED.contains(loginAssurance);
    }

    /** True for an organisation's system or a professional: someone acting for an organisation. */
    public boolean actsForOrganization() {
        return kind == Kind.ORGANIZATION || kind == Kind.PROFESSIONAL;
    }

    /** A short description for logs and audit records. */
    public String describe() {
        return switch (kind) {
            case ORGANIZATION -> "organisation URA " + organizationUra;
            case PROFESSIONAL -> "professional UZI " + uziNumber + " (role " + uziRole + ") of URA " + organizationUra;
            case PATIENT -> "patient";
            case OPERATOR -> "operator " + subject;
        };
    }
}
