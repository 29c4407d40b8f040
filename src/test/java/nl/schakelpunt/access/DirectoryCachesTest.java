package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.Cache;

import nl.schakelpunt.identity.Requester.Kind;

/** The one rule of the directory caches: remembered for the configured time, all forgotten when an Organization is written. */
class DirectoryCachesTest {

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("Europe/Amsterdam");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final DirectoryCaches caches = new DirectoryCaches(properties(Duration.ofMinutes(2)), clock);

    private static AccessProperties properties(Duration ttl) {
        Map<Kind, Map<DataGroup, Set<AccessPolicy.Action>>> groups = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            groups.put(kind, Map.of());
        }
        return new AccessProperties(null, ttl, null, null, null, groups, null);
    }

    @Test
    void anEntryIsRememberedForTheConfiguredTimeOnly() {
        Cache<String, String> cache = caches.create();
        cache.put("90000101", "gp-de-linde");
        clock.move(Duration.ofSeconds(119));
        assertThat(cache.getIfPresent("90000101")).isEqualTo("gp-de-linde");
        clock.move(Duration.ofSeconds(2));
        assertThat(cache.getIfPresent("90000101")).isNull();
    }

    @Test
    void writingAnOrganizationClearsEveryCacheAndWritingAnythingElseNone() {
        Cache<String, String> byUra = caches.create();
        Cache<String, String> holders = caches.create();
        byUra.put("90000101", "gp-de-linde");
        holders.put("gp-de-linde", "Z3");
        caches.created(new Patient());
        caches.updated(new Patient(), new Patient());
        assertThat(byUra.getIfPresent("90000101")).isNotNull();
        assertThat(holders.getIfPresent("gp-de-linde")).isNotNull();

        caches.updated(new Organization(), new Organization());
        assertThat(byUra.getIfPresent("90000101")).isNull();
        assertThat(holders.getIfPresent("gp-de-linde")).isNull();

        holders.put("gp-de-linde", "Z3");
        caches.created(new Organization());
        assertThat(holders.getIfPresent("gp-de-linde")).isNull();
        holders.put("gp-de-linde", "Z3");
        caches.deleted(new Organization());
        assertThat(holders.getIfPresent("gp-de-linde")).isNull();
    }
}
