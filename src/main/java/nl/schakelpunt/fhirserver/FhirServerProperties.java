package nl.schakelpunt.fhirserver;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * Settings of the FHIR endpoint. Defaults are spelled out in {@code application.yaml}.
 *
 * @param resourceTypes     the resource types the server stores and exposes; no others are served
 * @param defaultPageSize   page size of a search without {@code _count}
 * @param maxPageSize       the largest {@code _count} honoured
 * @param maxRequestBytes   the largest request body accepted (413 above it)
 * @param maxTransactionEntries the largest transaction or batch bundle accepted
 * @param operations        the names of the FHIR operations served (without {@code $}); others are refused
 * @param searchExpiry      how long HAPI keeps a stored search and its pages before deleting them
 */
@Validated
@ConfigurationProperties(prefix = "schakelpunt.fhir")
public record FhirServerProperties(
        @NotEmpty List<String> resourceTypes,
        @Min(1) int defaultPageSize,
        @Min(1) int maxPageSize,
        @Min(1024) long maxRequestBytes,
        @Min(1) int maxTransactionEntries,
        List<String> operations,
        @NotNull Duration searchExpiry) {
}
