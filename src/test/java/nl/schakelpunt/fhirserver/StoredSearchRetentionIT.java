package nl.schakelpunt.fhirserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.util.UriComponentsBuilder;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.search.IStaleSearchDeletingSvc;

import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * Stored searches, the table that grows with every search, are held in check by the configured expiry
 * ({@code schakelpunt.fhir.search-expiry}): HAPI's cleanup, which runs every minute, deletes a search and its pages
 * once it was made longer ago than that, and keeps a recent one.
 */
class StoredSearchRetentionIT extends ServerTest {

    @Autowired
    private FhirServerProperties properties;

    @Autowired
    private JpaStorageSettings storage;

    @Autowired
    private IStaleSearchDeletingSvc cleanup;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void theCleanupDeletesASearchOlderThanTheExpiryAndKeepsARecentOne() {
        assertThat(storage.isExpireSearchResults()).isTrue();
        assertThat(properties.searchExpiry()).isEqualTo(Duration.ofMinutes(90));
        assertThat(storage.getExpireSearchResultsAfterMillis()).isEqualTo(properties.searchExpiry().toMillis());

        FhirHttp anna = fhir().as(TestTokens.patient("999900006"));
        Bundle first = anna.get("/fhir/MedicationStatement?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn"
                + "%7C999900006&_count=1").expect(200).bundle();
        String next = first.getLink(Bundle.LINK_NEXT).getUrl();
        String page = next.substring(next.indexOf("/fhir"));
        String search = UriComponentsBuilder.fromUriString(next).build().getQueryParams().getFirst("_getpages");
        assertThat(search).isNotBlank();

        long pid = jdbc.queryForObject("SELECT pid FROM hfj_search WHERE search_uuid = ?", Long.class, search);
        cleanup.pollForStaleSearchesAndDeleteThem();
        assertThat(rowsOf(search)).isEqualTo(1);
        assertThat(pagesOf(pid)).isPositive();
        anna.get(page).expect(200);

        // Not paged again from here: HAPI keeps a search whose page is read near its expiry ten minutes longer.
        madeAgo(search, properties.searchExpiry().minusMinutes(10));
        cleanup.pollForStaleSearchesAndDeleteThem();
        assertThat(rowsOf(search)).isEqualTo(1);

        madeAgo(search, Duration.ofMinutes(20));
        cleanup.pollForStaleSearchesAndDeleteThem();

        assertThat(rowsOf(search)).isZero();
        assertThat(pagesOf(pid)).isZero();
        FhirHttp.Response gone = anna.get(page).expect(410);
        assertThat(gone.outcome().getIssueFirstRep().getDiagnostics()).contains("does not exist and may have expired");
    }

    /** Moves the search's creation back by the age, from when it was made (read and written alike, whatever zone). */
    private void madeAgo(String search, Duration age) {
        Timestamp made = jdbc.queryForObject("SELECT created FROM hfj_search WHERE search_uuid = ?", Timestamp.class,
                search);
        jdbc.update("UPDATE hfj_search SET created = ? WHERE search_uuid = ?", Timestamp.from(made.toInstant().minus(age)),
                search);
    }

    private int pagesOf(long pid) {
        return jdbc.queryForObject("SELECT count(*) FROM hfj_search_result WHERE search_pid = ?", Integer.class, pid);
    }

    private int rowsOf(String search) {
        return jdbc.queryForObject("SELECT count(*) FROM hfj_search WHERE search_uuid = ?", Integer.class, search);
    }
}
