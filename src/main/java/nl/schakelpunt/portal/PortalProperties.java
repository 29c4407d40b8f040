package nl.schakelpunt.portal;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * The patient's portal and the holder's desk.
 *
 * @param fhirBase           the FHIR API the pages act through; empty: this server's own, over the loopback address
 * @param trailPageSize      events per page of "who looked"
 * @param patientRegistration the OpenID Connect client registration patients sign in with (outside the demo)
 * @param staffRegistration  the registration staff of a data holder sign in with
 * @param bsnClaim           the claim of the patient's ID token that holds the BSN
 * @param organizationClaim  the claim of a staff member's ID token that names their organisation's id
 */
@Validated
@ConfigurationProperties(prefix = "schakelpunt.portal")
public record PortalProperties(
        URI fhirBase,
        @Min(5) @Max(200) int trailPageSize,
        @NotBlank String patientRegistration,
        @NotBlank String staffRegistration,
        @NotBlank String bsnClaim,
        @NotBlank String organizationClaim) {
}
