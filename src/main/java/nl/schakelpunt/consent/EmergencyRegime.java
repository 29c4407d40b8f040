package nl.schakelpunt.consent;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The temporary emergency regime (after the national "Corona opt-in"): while an operator has it
 * switched on, out-of-hours GP services and emergency departments looking up for emergency treatment
 * may see the GP summary of patients who recorded no choice at a GP practice (never of those who
 * refused). Kept in a table, read on every decision, so every node sees a switch at once.
 */
@Component
public class EmergencyRegime {

    static final String TABLE = "sp_emergency_regime";

    /** One period of the regime, as the operator switched it on (and maybe off). */
    public record Period(Instant start, Instant end, Instant switchedOff, String switchedBy) {

        public boolean activeAt(Instant at) {
            return !at.isBefore(start) && at.isBefore(end) && (switchedOff == null || at.isBefore(switchedOff));
        }
    }

    private final JdbcTemplate jdbc;

    public EmergencyRegime(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest period, if the regime was ever switched on. */
    public Optional<Period> latest() {
        List<Period> periods = jdbc.query("SELECT start_at, end_at, switched_off_at, switched_by FROM " + TABLE
                        + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
                (row, i) -> new Period(row.getTimestamp(1).toInstant(), row.getTimestamp(2).toInstant(),
                        row.getTimestamp(3) == null ? null : row.getTimestamp(3).toInstant(), row.getString(4)));
        return periods.stream().findFirst();
    }

    public boolean activeAt(Instant at) {
        return latest().map(p -> p.activeAt(at)).orElse(false);
    }

    /** Switches the regime on for a period, replacing any current one. */
    public void switchOn(Instant start, Instant end, String by) {
        switchOff(start);
        jdbc.update("INSERT INTO " + TABLE + " (start_at, end_at, switched_by) VALUES (?, ?, ?)",
                Timestamp.from(start), Timestamp.from(end), by);
    }

    /** Switches a current regime off from this moment. */
    public void switchOff(Instant at) {
        jdbc.update("UPDATE " + TABLE + " SET switched_off_at = ? WHERE switched_off_at IS NULL AND end_at > ?",
                Timestamp.from(at), Timestamp.from(at));
    }
}
