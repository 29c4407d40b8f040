package nl.schakelpunt.consent;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import nl.schakelpunt.access.AccessContext;
import nl.schakelpunt.access.AccessContexts;
import nl.schakelpunt.access.AccessGuard;
import nl.schakelpunt.access.Call.Interaction;
import nl.schakelpunt.audit.AuditSubjects;
import nl.schakelpunt.fhirserver.OperationOutcomes;
import nl.schakelpunt.fhirserver.OwnOperations;

/**
 * {@code POST /fhir/$emergency-regime}: an operator switches the temporary emergency regime on
 * ({@code active} = true, with {@code start} and {@code end}; without an end it lasts the configured
 * period) or off ({@code active} = false). The switch is audited like every request, with what was
 * switched in the event's outcome description. Answers the regime's state.
 */
@Component
public class EmergencyRegimeOperations implements OwnOperations {

    private final EmergencyRegime regime;
    private final AccessGuard guard;
    private final ConsentProperties properties;
    private final Clock clock;

    public EmergencyRegimeOperations(EmergencyRegime regime, AccessGuard guard, ConsentProperties properties,
            Clock clock) {
        this.clock = clock;
        this.regime = regime;
        this.guard = guard;
        this.properties = properties;
    }

    @Operation(name = "$emergency-regime", idempotent = false)
    public Parameters switchRegime(@OperationParam(name = "active", min = 1, max = 1) BooleanType active,
            @OperationParam(name = "start", max = 1) DateTimeType start,
            @OperationParam(name = "end", max = 1) DateTimeType end,
            RequestDetails request) {
        AccessContext who = guard.require(request, Interaction.OPERATION_SYSTEM, null, "emergency-regime");
        // Milliseconds, as the database keeps them (it would round finer ones, maybe upwards).
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String note;
        if (active != null && active.booleanValue()) {
            Instant from = start == null ? now : start.getValue().toInstant().truncatedTo(ChronoUnit.MILLIS);
            Instant until = end == null ? from.plus(properties.emergencyRegimeDuration()) : end.getValue().toInstant();
            if (!until.isAfter(from)) {
                String message = "The emergency regime ends after it starts";
                throw new UnprocessableEntityException(message, OperationOutcomes.error("invalid",
                        "Parameters.parameter.where(name = 'end')", message));
            }
            regime.switchOn(from, until, who.requester().subject());
            note = "emergency regime switched on from " + from + " until " + until;
        } else {
            regime.switchOff(now);
            note = "emergency regime switched off at " + now;
        }
        if (AccessContexts.isHttp(request)) {
            AuditSubjects.note(request, note);
        }
        Parameters state = new Parameters();
        state.addParameter().setName("active").setValue(new BooleanType(regime.activeAt(now)));
        regime.latest().ifPresent(period -> {
            state.addParameter().setName("start").setValue(new InstantType(Date.from(period.start())));
            state.addParameter().setName("end").setValue(new InstantType(Date.from(
                    period.switchedOff() != null && period.switchedOff().isBefore(period.end())
                            ? period.switchedOff() : period.end())));
        });
        return state;
    }
}
