package nl.schakelpunt.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

/**
 * The claims a token carries about the requester, their names (documented in the README and the
 * implementation guide), and the rule of which claims each kind of requester must have. A token
 * that breaks the rule is refused as an invalid token, before any FHIR processing.
 */
public final class RequesterClaims implements OAuth2TokenValidator<Jwt> {

    public static final String REQUESTER_TYPE = "requester_type";
    public static final String ORGANIZATION_URA = "organization_ura";
    public static final String ORGANIZATION_TYPE = "organization_type";
    public static final String UZI_NUMBER = "uzi_number";
    public static final String UZI_ROLE = "uzi_role";
    public static final String PURPOSE_OF_USE = "purpose_of_use";
    public static final String PATIENT_BSN = "patient_bsn";
    public static final String SCOPE = "scope";
    /** How surely a patient's login established who they are: basis, midden, substantieel or hoog (DigiD). */
    public static final String LOGIN_ASSURANCE = "login_assurance";

    /** v3 ActReason codes a look-up may be made for. */
    public static final Set<String> PURPOSES = Set.of("TREAT", "ETREAT");

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        List<String> problems = problems(jwt);
        if (problems.isEmpty()) {
            return OAuth2TokenValidatorResult.success();
        }
        return OAuth2TokenValidatorResult.failure(problems.stream()
                .map(p -> new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, p, null))
                .toList());
    }

    /** What is wrong with the requester claims of a token; empty when nothing is. */
    public static List<String> problems(Jwt jwt) {
        List<String> problems = new ArrayList<>();
        if (jwt.getExpiresAt() == null) {
            problems.add("The token has no exp claim");
        }
        Optional<Requester.Kind> kind = Requester.Kind.ofClaim(jwt.getClaimAsString(REQUESTER_TYPE));
        if (kind.isEmpty()) {
            problems.add("Claim " + REQUESTER_TYPE + " must be organization, professional, patient or operator");
            return problems;
        }
        if (Scopes.parse(jwt.getClaimAsString(SCOPE)).isEmpty()) {
            problems.add("Claim " + SCOPE + " holds no SMART resource scope");
        }
        switch (kind.get()) {
            case ORGANIZATION -> {
                organization(jwt, problems);
                String purpose = jwt.getClaimAsString(PURPOSE_OF_USE);
                if (purpose != null && !PURPOSES.contains(purpose)) {
                    problems.add("Claim " + PURPOSE_OF_USE + " must be TREAT or ETREAT");
                }
            }
            case PROFESSIONAL -> {
                organization(jwt, problems);
                if (!present(jwt, UZI_NUMBER) || !jwt.getClaimAsString(UZI_NUMBER).matches("\\d{9}")) {
                    problems.add("Claim " + UZI_NUMBER + " must be a UZI number of 9 digits");
                }
                if (!present(jwt, UZI_ROLE) || !jwt.getClaimAsString(UZI_ROLE).matches("\\d{2}\\.\\d{3}")) {
                    problems.add("Claim " + UZI_ROLE + " must be a UZI role code such as 01.015");
                }
                if (!PURPOSES.contains(String.valueOf(jwt.getClaimAsString(PURPOSE_OF_USE)))) {
                    problems.add("Claim " + PURPOSE_OF_USE + " must be TREAT or ETREAT");
                }
            }
            case PATIENT -> IdentifierCheck.bsn(jwt.getClaimAsString(PATIENT_BSN))
                    .ifPresent(p -> problems.add("Claim " + PATIENT_BSN + ": " + p));
            case OPERATOR -> {
                // An operator acts for the exchange point itself: no organisation or patient claims.
            }
        }
        return problems;
    }

    private static void organization(Jwt jwt, List<String> problems) {
        IdentifierCheck.ura(jwt.getClaimAsString(ORGANIZATION_URA))
                .ifPresent(p -> problems.add("Claim " + ORGANIZATION_URA + ": " + p));
        if (!present(jwt, ORGANIZATION_TYPE)) {
            problems.add("Claim " + ORGANIZATION_TYPE + " is missing");
        }
    }

    private static boolean present(Jwt jwt, String claim) {
        String value = jwt.getClaimAsString(claim);
        return value != null && !value.isBlank();
    }

    /** The requester of a token whose claims {@link #validate} accepted. */
    public static Requester requester(Jwt jwt) {
        return new Requester(
                Requester.Kind.ofClaim(jwt.getClaimAsString(REQUESTER_TYPE)).orElseThrow(),
                jwt.getClaimAsString(JwtClaimNames.ISS),
                jwt.getSubject(),
                jwt.getClaimAsString(ORGANIZATION_URA),
                jwt.getClaimAsString(ORGANIZATION_TYPE),
                jwt.getClaimAsString(UZI_NUMBER),
                jwt.getClaimAsString(UZI_ROLE),
                jwt.getClaimAsString(PURPOSE_OF_USE),
                jwt.getClaimAsString(PATIENT_BSN),
                Scopes.parse(jwt.getClaimAsString(SCOPE)),
                jwt.getId(),
                jwt.getClaimAsString(LOGIN_ASSURANCE));
    }
}
