package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * The owners of paged searches are held in check: an owner older than the retention is forgotten (its pages then
 * answer 410, as an expired search does), a recent one is kept.
 */
class SearchOwnerRetentionIT extends ServerTest {

    @Autowired
    private SearchOwners owners;

    @Autowired
    private SearchOwnerProperties properties;

    private String nextPage(FhirHttp anna) {
        Bundle first = anna.get("/fhir/MedicationStatement?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn"
                + "%7C999900006&_count=1").expect(200).bundle();
        String next = first.getLink(Bundle.LINK_NEXT).getUrl();
        return next.substring(next.indexOf("/fhir"));
    }

    @Test
    void aRecentOwnerIsKeptAndAnExpiredOneForgotten() {
        FhirHttp anna = fhir().as(TestTokens.patient("999900006"));
        String page = nextPage(anna);
        owners.forgetOlderThan(Instant.now().minus(properties.retention()));
        anna.get(page).expect(200);

        assertThat(owners.forgetOlderThan(Instant.now().plus(Duration.ofMinutes(1)))).isGreaterThanOrEqualTo(1);
        FhirHttp.Response gone = anna.get(page).expect(410);
        assertThat(gone.outcome().getIssueFirstRep().getDiagnostics()).contains("does not exist and may have expired");
    }

    @Test
    void aRetentionShorterThanHapisOwnExpiryOfSearchesStopsTheStartUp() {
        JpaStorageSettings storage = new JpaStorageSettings();
        storage.setExpireSearchResultsAfterMillis(Duration.ofHours(1).toMillis());
        assertThatThrownBy(() -> new SearchOwners(null, Clock.systemUTC(),
                new SearchOwnerProperties(Duration.ofMinutes(30), Duration.ofMinutes(10)), storage))
                .hasMessageContaining("schakelpunt.access.search-owners.retention");
        assertThat(new SearchOwners(null, Clock.systemUTC(),
                new SearchOwnerProperties(Duration.ofHours(2), Duration.ofMinutes(10)), storage)).isNotNull();
    }
}
