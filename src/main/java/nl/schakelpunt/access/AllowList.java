package nl.schakelpunt.access;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PrimitiveType;

import nl.schakelpunt.access.Call.Interaction;

/**
 * What one kind of requester may ask at all, read from its CapabilityStatement in the
 * implementation guide: interactions per type, search parameters with their modifiers, chains and
 * values, includes, and operations with their level and parameters. Anything not listed is denied.
 * Plain Java, no Spring, no database.
 */
public final class AllowList {

    static final String EXTENSION_BASE = "https://schakelpunt.nl/fhir/StructureDefinition/";
    static final String MODIFIER = EXTENSION_BASE + "allowed-modifier";
    private static final String ITERATE = "iterate";
    static final String CHAIN = EXTENSION_BASE + "allowed-chain";
    static final String VALUE = EXTENSION_BASE + "allowed-value";
    static final String INVOCATION = EXTENSION_BASE + "operation-invocation";
    static final String OPERATION_PARAMETER = EXTENSION_BASE + "operation-parameter";

    /** Parameters of a page or of the answer's form, never of the selection. */
    private static final Set<String> FORM_PARAMETERS = Set.of("_format", "_pretty");

    private record Parameter(Set<String> modifiers, Set<String> chains, Set<String> values) {
    }

    private record Operation(Set<String> levels, Set<String> parameters) {
    }

    /**
     * @param iterateIncludes includes this type's search may follow from included resources
     *                        ({@code _include:iterate}): a search include marked with the modifier
     *                        {@code iterate}
     */
    private record TypeRules(Set<String> interactions, Map<String, Parameter> parameters, Set<String> includes,
            Set<String> iterateIncludes, Set<String> revIncludes, Map<String, Operation> operations) {
    }

    private final Set<String> systemInteractions = new HashSet<>();
    private final Map<String, Parameter> resultParameters = new HashMap<>();
    private final Map<String, Operation> systemOperations = new HashMap<>();
    private final Map<String, TypeRules> types = new HashMap<>();

    public AllowList(CapabilityStatement statement) {
        for (CapabilityStatementRestComponent rest : statement.getRest()) {
            rest.getInteraction().forEach(i -> systemInteractions.add(i.getCode().toCode()));
            rest.getSearchParam().forEach(p -> resultParameters.put(p.getName(), parameterOf(p)));
            rest.getOperation().forEach(o -> systemOperations.put(o.getName(), operationOf(o)));
            for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                TypeRules rules = types.computeIfAbsent(resource.getType(), t -> new TypeRules(new HashSet<>(),
                        new HashMap<>(), new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashMap<>()));
                resource.getInteraction().forEach(i -> rules.interactions().add(i.getCode().toCode()));
                resource.getSearchParam().forEach(p -> rules.parameters().put(p.getName(), parameterOf(p)));
                resource.getSearchInclude().forEach(i -> (stringsOf(i.getExtensionsByUrl(MODIFIER)).contains(ITERATE)
                        ? rules.iterateIncludes() : rules.includes()).add(i.getValue()));
                resource.getSearchRevInclude().forEach(i -> rules.revIncludes().add(i.getValue()));
                resource.getOperation().forEach(o -> rules.operations().merge(o.getName(), operationOf(o),
                        (a, b) -> new Operation(union(a.levels(), b.levels()), union(a.parameters(), b.parameters()))));
            }
        }
    }

    /** Decides whether a call is on the list: every part of it must be. */
    public Verdict check(Call call) {
        Interaction interaction = call.interaction();
        if (interaction.systemLevel()) {
            return checkSystem(call);
        }
        TypeRules rules = types.get(call.type());
        if (rules == null) {
            return Verdict.deny("allow-list.type", "The resource type " + call.type() + " is not offered to this requester");
        }
        if (interaction.operation()) {
            Operation operation = rules.operations().get(call.operation());
            String level = interaction == Interaction.OPERATION_INSTANCE ? "instance" : "type";
            if (operation == null || !operation.levels().contains(level)) {
                return Verdict.deny("allow-list.operation", "The operation $" + call.operation() + " on the " + level
                        + " of " + call.type() + " is not offered to this requester");
            }
            return checkOperationParameters(call, operation);
        }
        if (!rules.interactions().contains(interaction.code())) {
            return Verdict.deny("allow-list.interaction", "The interaction " + interaction.code() + " on "
                    + call.type() + " is not offered to this requester");
        }
        for (Map.Entry<String, List<String>> parameter : call.parameters().entrySet()) {
            Optional<String> refusal = refusal(rules, parameter.getKey(), parameter.getValue());
            if (refusal.isPresent()) {
                return Verdict.deny("allow-list.parameter", refusal.get());
            }
        }
        return Verdict.permit("allow-list", interaction.code() + " " + call.type() + " is listed");
    }

    private Verdict checkSystem(Call call) {
        if (call.interaction() == Interaction.OPERATION_SYSTEM) {
            Operation operation = systemOperations.get(call.operation());
            if (operation == null) {
                return Verdict.deny("allow-list.operation", "The operation $" + call.operation()
                        + " is not offered to this requester");
            }
            return checkOperationParameters(call, operation);
        }
        if (!systemInteractions.contains(call.interaction().code())) {
            return Verdict.deny("allow-list.interaction", "The interaction " + call.interaction().code()
                    + " is not offered to this requester");
        }
        for (String name : call.parameters().keySet()) {
            if (!FORM_PARAMETERS.contains(name)) {
                return Verdict.deny("allow-list.parameter", "The parameter " + name + " is not offered on "
                        + call.interaction().code());
            }
        }
        return Verdict.permit("allow-list", call.interaction().code() + " is listed");
    }

    private static Verdict checkOperationParameters(Call call, Operation operation) {
        for (String name : call.parameters().keySet()) {
            if (!FORM_PARAMETERS.contains(name) && !operation.parameters().contains(name)) {
                return Verdict.deny("allow-list.parameter", "The parameter " + name + " is not offered on $"
                        + call.operation());
            }
        }
        return Verdict.permit("allow-list", "$" + call.operation() + " is listed");
    }

    /** Why one search parameter (name with modifier or chain, and its values) is refused, or empty. */
    private Optional<String> refusal(TypeRules rules, String name, List<String> values) {
        if (FORM_PARAMETERS.contains(name)) {
            return Optional.empty();
        }
        if (name.equals("_include") || name.equals("_include:" + ITERATE) || name.equals("_revinclude")) {
            Set<String> listed = name.equals("_include") ? rules.includes()
                    : name.equals("_revinclude") ? rules.revIncludes() : rules.iterateIncludes();
            for (String value : values) {
                if (!listed.contains(value)) {
                    return Optional.of("The " + name + " " + value + " is not offered to this requester");
                }
            }
            return Optional.empty();
        }
        Parameter result = resultParameters.get(name);
        if (result != null) {
            return valuesRefusal(name, result, values);
        }
        int dot = name.indexOf('.');
        String head = dot < 0 ? name : name.substring(0, dot);
        String chain = dot < 0 ? null : name.substring(dot + 1);
        int colon = head.indexOf(':');
        String base = colon < 0 ? head : head.substring(0, colon);
        String modifier = colon < 0 ? null : head.substring(colon + 1);
        Parameter parameter = rules.parameters().get(base);
        if (parameter == null) {
            return Optional.of("The search parameter " + base + " is not offered on this type to this requester");
        }
        if (modifier != null && !parameter.modifiers().contains(modifier)) {
            return Optional.of("The modifier :" + modifier + " is not offered on " + base);
        }
        if (chain != null && !parameter.chains().contains(chain)) {
            return Optional.of("The chain " + base + "." + chain + " is not offered");
        }
        return valuesRefusal(name, parameter, values);
    }

    private static Optional<String> valuesRefusal(String name, Parameter parameter, List<String> values) {
        if (parameter.values().isEmpty()) {
            return Optional.empty();
        }
        for (String value : values) {
            if (!parameter.values().contains(value)) {
                return Optional.of("The value '" + value + "' of " + name + " is not offered to this requester");
            }
        }
        return Optional.empty();
    }

    private static Parameter parameterOf(CapabilityStatementRestResourceSearchParamComponent parameter) {
        return new Parameter(stringsOf(parameter.getExtensionsByUrl(MODIFIER)),
                stringsOf(parameter.getExtensionsByUrl(CHAIN)), stringsOf(parameter.getExtensionsByUrl(VALUE)));
    }

    private static Operation operationOf(CapabilityStatementRestResourceOperationComponent operation) {
        Set<String> levels = stringsOf(operation.getExtensionsByUrl(INVOCATION));
        return new Operation(levels.isEmpty() ? Set.of("system") : levels,
                stringsOf(operation.getExtensionsByUrl(OPERATION_PARAMETER)));
    }

    private static Set<String> stringsOf(List<Extension> extensions) {
        Set<String> values = new HashSet<>();
        for (Extension extension : extensions) {
            if (extension.getValue() instanceof PrimitiveType<?> primitive) {
                values.add(primitive.getValueAsString());
            }
        }
        return values;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }
}
