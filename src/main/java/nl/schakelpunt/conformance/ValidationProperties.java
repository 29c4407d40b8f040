package nl.schakelpunt.conformance;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled whether every write is validated against its profile (switch off only to measure
 *                what validation costs)
 */
@ConfigurationProperties(prefix = "schakelpunt.validation")
public record ValidationProperties(boolean enabled) {
}
