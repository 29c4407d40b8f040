package nl.schakelpunt.audit;

import java.time.Duration;
import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * How long the audit trail is kept, and how often what is older is deleted.
 *
 * @param retention       how long an AuditEvent (and each patient's view of it) is kept
 * @param cleanupInterval how often events older than the retention are deleted
 */
@Validated
@ConfigurationProperties("schakelpunt.audit")
public record AuditProperties(@NotNull Period retention, @NotNull Duration cleanupInterval) {

    public AuditProperties {
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("schakelpunt.audit.retention must be a positive period, not " + retention);
        }
    }
}
