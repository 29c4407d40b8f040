package nl.schakelpunt.consent;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Permission settings.
 *
 * @param temporaryDuration   how long a permission given at the point of care lasts, at most
 * @param zone                the time zone in which a permission's dates (without a time) are read
 * @param recipientCategories which recipient category each organisation type belongs to
 * @param emergencyCare       who gives emergency care, for the emergency regime: organisation types
 *                            (out-of-hours GP services) and professional roles (emergency physicians)
 * @param emergencyRegimeDuration how long the emergency regime lasts when switched on without an end
 * @param longestRecordShare  how long a patient may share their record with a carer at once
 */
@ConfigurationProperties("schakelpunt.consent")
public record ConsentProperties(Duration temporaryDuration, ZoneId zone, Map<String, String> recipientCategories,
        EmergencyCare emergencyCare, Duration emergencyRegimeDuration, Duration longestRecordShare) {

    public record EmergencyCare(List<String> organizationTypes, List<String> roles) {

        public EmergencyCare {
            organizationTypes = organizationTypes == null ? List.of() : List.copyOf(organizationTypes);
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    public ConsentProperties {
        emergencyCare = emergencyCare == null ? new EmergencyCare(List.of(), List.of()) : emergencyCare;
        emergencyRegimeDuration = emergencyRegimeDuration == null ? Duration.ofDays(14) : emergencyRegimeDuration;
        temporaryDuration = temporaryDuration == null ? Duration.ofHours(72) : temporaryDuration;
        longestRecordShare = longestRecordShare == null ? Duration.ofDays(365) : longestRecordShare;
        if (longestRecordShare.isNegative() || longestRecordShare.isZero()) {
            throw new IllegalArgumentException("schakelpunt.consent.longest-record-share must be positive, is "
                    + longestRecordShare);
        }
        zone = zone == null ? ZoneId.of("Europe/Amsterdam") : zone;
        recipientCategories = recipientCategories == null ? Map.of() : Map.copyOf(recipientCategories);
    }
}
