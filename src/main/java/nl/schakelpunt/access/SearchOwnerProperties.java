package nl.schakelpunt.access;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * How long the owner of a paged search is remembered, and how often the expired ones are forgotten.
 *
 * @param retention       at least as long as HAPI keeps a search's pages (checked at start-up)
 * @param cleanupInterval how often owners older than the retention are deleted
 */
@Validated
@ConfigurationProperties("schakelpunt.access.search-owners")
public record SearchOwnerProperties(@NotNull Duration retention, @NotNull Duration cleanupInterval) {
}
