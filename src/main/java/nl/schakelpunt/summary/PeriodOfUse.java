package nl.schakelpunt.summary;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import nl.schakelpunt.conformance.Canonicals;
import nl.schakelpunt.fhirserver.StorageInterceptor;

/**
 * Computes Medication Process 9's period of use on every write of a medication building block, so
 * that the search parameter {@code period-of-use} can be indexed and the window checked: the time
 * interval of a medication agreement, dispense request or administration agreement
 * ({@code ext-TimeInterval.Period}), or the effective period of a medication use; where its end is
 * missing, the start plus its duration ({@code ext-TimeInterval.Duration}). Without an end and a
 * duration the period is open. Runs after profile validation: the extension is the server's, never
 * the client's.
 */
@Component
@Interceptor
public class PeriodOfUse implements StorageInterceptor {

    static final String EXTENSION = Canonicals.BASE + "/StructureDefinition/period-of-use";
    static final String TIME_INTERVAL = "http://nictiz.nl/fhir/StructureDefinition/ext-TimeInterval.Period";
    static final String DURATION = "http://nictiz.nl/fhir/StructureDefinition/ext-TimeInterval.Duration";

    /** UCUM units of a duration, as MP9 writes them. */
    private static final Map<String, ChronoUnit> UNITS = Map.of("s", ChronoUnit.SECONDS, "min", ChronoUnit.MINUTES,
            "h", ChronoUnit.HOURS, "d", ChronoUnit.DAYS, "wk", ChronoUnit.WEEKS, "mo", ChronoUnit.MONTHS,
            "a", ChronoUnit.YEARS);

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = 200)
    public void creating(IBaseResource resource) {
        mark(resource);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = 200)
    public void updating(IBaseResource previous, IBaseResource resource) {
        mark(resource);
    }

    static void mark(IBaseResource resource) {
        if (!(resource instanceof MedicationRequest || resource instanceof MedicationDispense
                || resource instanceof MedicationStatement)) {
            return;
        }
        DomainResource domain = (DomainResource) resource;
        domain.getExtension().removeIf(extension -> EXTENSION.equals(extension.getUrl()));
        periodOf(domain).flatMap(PeriodOfUse::inForce)
                .ifPresent(period -> domain.addExtension(new Extension(EXTENSION, period)));
    }

    /**
     * The published period: MP9's time interval, or the use's effective period. A building block
     * without one (a dispense, a dispense request without a period, a resource in the server's own
     * profiles) is in force from the moment it names: a dispense from its hand-over for the days it
     * supplies, a request from its dosage's bounds or else from the day it was written, without an
     * end, a use on the day it names.
     */
    private static Optional<Period> periodOf(DomainResource resource) {
        if (resource instanceof MedicationStatement use) {
            return use.hasEffectivePeriod() ? Optional.of(use.getEffectivePeriod())
                    : use.hasEffectiveDateTimeType() ? Optional.of(moment(use.getEffectiveDateTimeType()))
                    : Optional.empty();
        }
        Extension interval = resource.getExtensionByUrl(TIME_INTERVAL);
        if (interval != null && interval.getValue() instanceof Period period) {
            return Optional.of(period);
        }
        if (resource instanceof MedicationDispense dispense && dispense.hasWhenHandedOver()) {
            Period handedOver = moment(dispense.getWhenHandedOverElement());
            if (dispense.hasDaysSupply() && dispense.getDaysSupply().hasValue()) {
                endOf(handedOver, new Quantity().setValue(dispense.getDaysSupply().getValue()).setCode("d"))
                        .ifPresent(handedOver::setEnd);
            }
            return Optional.of(handedOver);
        }
        if (resource instanceof MedicationRequest request) {
            Optional<Period> bounds = request.getDosageInstruction().stream()
                    .filter(dosage -> dosage.getTiming().getRepeat().hasBoundsPeriod())
                    .map(dosage -> dosage.getTiming().getRepeat().getBoundsPeriod()).findFirst();
            // Without an end it is in force until a later building block stops or replaces it.
            return bounds.isPresent() ? bounds
                    : request.hasAuthoredOn() ? Optional.of(new Period().setStartElement(request.getAuthoredOnElement().copy()))
                    : Optional.empty();
        }
        return Optional.empty();
    }

    /** A period of one moment, at the precision it was written with (a day lasts the day). */
    private static Period moment(DateTimeType moment) {
        return new Period().setStartElement(moment.copy()).setEndElement(moment.copy());
    }

    /** The period with its end, computed from the duration where it is missing; empty without a start or end. */
    static Optional<Period> inForce(Period published) {
        if (!published.hasStart() && !published.hasEnd()) {
            return Optional.empty();
        }
        Period period = new Period();
        period.setStartElement(published.getStartElement().copy());
        period.setEndElement(published.getEndElement().copy());
        Extension duration = published.getExtensionByUrl(DURATION);
        if (!published.hasEnd() && published.hasStart() && duration != null
                && duration.getValue() instanceof Quantity quantity) {
            endOf(published, quantity).ifPresent(period::setEnd);
        }
        return Optional.of(period);
    }

    private static Optional<Date> endOf(Period published, Quantity duration) {
        ChronoUnit unit = UNITS.get(duration.hasCode() ? duration.getCode() : duration.getUnit());
        BigDecimal amount = duration.getValue();
        if (unit == null || amount == null || amount.signum() < 0) {
            return Optional.empty();
        }
        ZonedDateTime start = published.getStart().toInstant().atZone(zoneOf(published));
        ZonedDateTime end = amount.stripTrailingZeros().scale() <= 0
                ? start.plus(amount.longValueExact(), unit)
                : start.plus(Duration.ofSeconds(amount.multiply(BigDecimal.valueOf(unit.getDuration().getSeconds()))
                        .longValue()));
        return Optional.of(Date.from(end.toInstant()));
    }

    /** The zone the start was written in, so that "a month" ends on the same clock time. */
    private static ZoneId zoneOf(Period published) {
        return published.getStartElement().getTimeZone() != null
                ? published.getStartElement().getTimeZone().toZoneId() : ZoneId.systemDefault();
    }
}
