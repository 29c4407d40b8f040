package nl.schakelpunt.access;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.util.UrlUtil;
import nl.schakelpunt.access.Call.Interaction;

/**
 * Reduces a request to a {@link Call}: a request sent on its own, and an entry of a batch or
 * transaction, the same way. Empty for what the door does not decide on (the CapabilityStatement,
 * a page of a search, whose owner is checked by {@link SearchOwners}).
 */
public final class Calls {

    private Calls() {
    }

    /** A request sent on its own; a request of a shape the server does not offer is empty. */
    public static Optional<Call> of(RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == null) {
            return Optional.empty();
        }
        Interaction interaction = switch (operation) {
            case READ -> Interaction.READ;
            case VREAD -> Interaction.VREAD;
            case HISTORY_INSTANCE -> Interaction.HISTORY_INSTANCE;
            case HISTORY_TYPE -> Interaction.HISTORY_TYPE;
            case HISTORY_SYSTEM -> Interaction.HISTORY_SYSTEM;
            case SEARCH_TYPE -> Interaction.SEARCH_TYPE;
            case SEARCH_SYSTEM -> Interaction.SEARCH_SYSTEM;
            case CREATE -> Interaction.CREATE;
            case UPDATE -> Interaction.UPDATE;
            case PATCH -> Interaction.PATCH;
            case DELETE -> Interaction.DELETE;
            case TRANSACTION -> Interaction.TRANSACTION;
            case BATCH -> Interaction.BATCH;
            case EXTENDED_OPERATION_SERVER -> Interaction.OPERATION_SYSTEM;
            case EXTENDED_OPERATION_TYPE, VALIDATE -> Interaction.OPERATION_TYPE;
            case EXTENDED_OPERATION_INSTANCE -> Interaction.OPERATION_INSTANCE;
            default -> null;
        };
        if (interaction == null) {
            return Optional.empty();
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        request.getParameters().forEach((name, values) -> parameters.put(name, Arrays.asList(values)));
        if (interaction == Interaction.CREATE) {
            criteria(request.getHeader(Constants.HEADER_IF_NONE_EXIST), parameters);
        }
        String id = request.getId() != null && request.getId().hasIdPart() ? request.getId().getIdPart() : null;
        String name = request.getOperation();
        String op = name != null && name.startsWith("$") ? name.substring(1)
                : operation == RestOperationTypeEnum.VALIDATE ? "validate" : null;
        return Optional.of(new Call(interaction, request.getResourceName(), id, op, parameters));
    }

    /**
     * An entry of a batch or transaction, read as the request it stands for. Empty for an entry whose
     * method and URL are no request the FHIR API knows.
     */
    public static Optional<Call> of(Bundle.BundleEntryRequestComponent entry) {
        if (entry.getMethod() == null || entry.getUrl() == null) {
            return Optional.empty();
        }
        String url = entry.getUrl();
        int question = url.indexOf('?');
        String path = question < 0 ? url : url.substring(0, question);
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (question >= 0) {
            criteria(url.substring(question + 1), parameters);
        }
        String[] segments = path.isEmpty() ? new String[0] : path.split("/");
        String method = entry.getMethod().toCode();
        return switch (method) {
            case "GET", "HEAD" -> read(segments, parameters);
            case "POST" -> post(segments, parameters, entry.getIfNoneExist());
            case "PUT" -> write(Interaction.UPDATE, segments, parameters);
            case "PATCH" -> write(Interaction.PATCH, segments, parameters);
            case "DELETE" -> write(Interaction.DELETE, segments, parameters);
            default -> Optional.empty();
        };
    }

    private static Optional<Call> read(String[] s, Map<String, List<String>> parameters) {
        if (s.length == 0) {
            return call(Interaction.SEARCH_SYSTEM, null, null, null, parameters);
        }
        if (s.length == 1) {
            if (s[0].startsWith("$")) {
                return call(Interaction.OPERATION_SYSTEM, null, null, s[0].substring(1), parameters);
            }
            return s[0].equals("_history") ? call(Interaction.HISTORY_SYSTEM, null, null, null, parameters)
                    : call(Interaction.SEARCH_TYPE, s[0], null, null, parameters);
        }
        if (s.length == 2) {
            if (s[1].equals("_history")) {
                return call(Interaction.HISTORY_TYPE, s[0], null, null, parameters);
            }
            if (s[1].startsWith("$")) {
                return call(Interaction.OPERATION_TYPE, s[0], null, s[1].substring(1), parameters);
            }
            return s[1].equals("_search") ? call(Interaction.SEARCH_TYPE, s[0], null, null, parameters)
                    : call(Interaction.READ, s[0], s[1], null, parameters);
        }
        if (s.length == 3) {
            if (s[2].equals("_history")) {
                return call(Interaction.HISTORY_INSTANCE, s[0], s[1], null, parameters);
            }
            if (s[2].startsWith("$")) {
                return call(Interaction.OPERATION_INSTANCE, s[0], s[1], s[2].substring(1), parameters);
            }
        }
        if (s.length == 4 && s[2].equals("_history")) {
            return call(Interaction.VREAD, s[0], s[1], null, parameters);
        }
        return Optional.empty();
    }

    private static Optional<Call> post(String[] s, Map<String, List<String>> parameters, String ifNoneExist) {
        if (s.length == 1 && !s[0].startsWith("$") && !s[0].startsWith("_")) {
            criteria(ifNoneExist, parameters);
            return call(Interaction.CREATE, s[0], null, null, parameters);
        }
        return read(s, parameters);
    }

    private static Optional<Call> write(Interaction interaction, String[] s, Map<String, List<String>> parameters) {
        if (s.length == 2 && !s[1].startsWith("$") && !s[1].startsWith("_")) {
            return call(interaction, s[0], s[1], null, parameters);
        }
        // A conditional write names its type and selects by the criteria in its URL.
        if (s.length == 1 && !parameters.isEmpty()) {
            return call(interaction, s[0], null, null, parameters);
        }
        return Optional.empty();
    }

    private static Optional<Call> call(Interaction interaction, String type, String id, String operation,
            Map<String, List<String>> parameters) {
        return Optional.of(new Call(interaction, type, id, operation, parameters));
    }

    /** Adds the parameters of a query string (a conditional write's criteria) to the map. */
    private static void criteria(String query, Map<String, List<String>> parameters) {
        if (query == null || query.isBlank()) {
            return;
        }
        String q = query.startsWith("?") ? query.substring(1) : query;
        int question = q.indexOf('?');
        if (question >= 0) {
            q = q.substring(question + 1);
        }
        UrlUtil.parseQueryString(q).forEach((name, values) -> parameters.merge(name, Arrays.asList(values),
                (a, b) -> {
                    List<String> all = new ArrayList<>(a);
                    all.addAll(b);
                    return all;
                }));
    }
}
