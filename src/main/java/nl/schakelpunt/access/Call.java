package nl.schakelpunt.access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request reduced to what the allow-list decides on, whichever way it arrived: on its own, as
 * an entry of a batch or transaction, or as the criteria of a conditional write.
 *
 * @param interaction what is asked
 * @param type        the resource type, or null for a system-level interaction
 * @param id          the logical id the request names, or null
 * @param operation   the operation's name without {@code $}, or null
 * @param parameters  the URL's parameters (and a conditional write's criteria), by name
 */
public record Call(Interaction interaction, String type, String id, String operation,
        Map<String, List<String>> parameters) {

    /** The interactions of the FHIR RESTful API, by their CapabilityStatement codes. */
    public enum Interaction {
        READ("read"), VREAD("vread"), UPDATE("update"), PATCH("patch"), DELETE("delete"),
        HISTORY_INSTANCE("history-instance"), HISTORY_TYPE("history-type"), CREATE("create"),
        SEARCH_TYPE("search-type"),
        TRANSACTION("transaction"), BATCH("batch"), SEARCH_SYSTEM("search-system"),
        HISTORY_SYSTEM("history-system"),
        OPERATION_TYPE("operation"), OPERATION_INSTANCE("operation"), OPERATION_SYSTEM("operation");

        private final String code;

        Interaction(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public boolean systemLevel() {
            return this == TRANSACTION || this == BATCH || this == SEARCH_SYSTEM || this == HISTORY_SYSTEM
                    || this == OPERATION_SYSTEM;
        }

        public boolean operation() {
            return this == OPERATION_TYPE || this == OPERATION_INSTANCE || this == OPERATION_SYSTEM;
        }
    }

    public Call {
        parameters = parameters == null ? Map.of() : new LinkedHashMap<>(parameters);
    }

    @Override
    public String toString() {
        return interaction.code() + (type == null ? "" : " " + type) + (id == null ? "" : "/" + id)
                + (operation == null ? "" : " $" + operation) + (parameters.isEmpty() ? "" : " " + parameters.keySet());
    }
}
