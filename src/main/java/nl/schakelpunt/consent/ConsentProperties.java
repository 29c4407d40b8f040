package nl.schakelpunt.consent;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Permission settings.
 *
 * @param temporaryDuration   how long a permission given at the point of care lasts, at most
 * @param zone                the time zone in which a permission's dates (without a time) are read
 * @param recipientCategories which recipient category each organisation type belongs to
 */
@ConfigurationProperties("schakelpunt.consent")
public record ConsentProperties(Duration temporaryDuration, ZoneId zone, Map<String, String> recipientCategories) {

    public ConsentProperties {
        temporaryDuration = temporaryDuration == null ? Duration.ofHours(72) : temporaryDuration;
        zone = zone == null ? ZoneId.of("Europe/Amsterdam") : zone;
        recipientCategories = recipientCategories == null ? Map.of() : Map.copyOf(recipientCategories);
    }
}
