package nl.schakelpunt.access;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseHasExtensions;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Period;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

/**
 * The access policy of each resource type, as one table (configured under
 * {@code schakelpunt.access.types}): its data group, the element naming its patient, its part of the
 * summary, its data category, and its window, both as the search parameter that narrows a look-up
 * in the database and as the element checked on each resource about to be shown. Plain Java; a type
 * without a row is not served.
 */
public final class TypePolicy {

    /**
     * The window of a type: a date (the element reaches into the window), a status (the element
     * has this value, whatever its date), or the whole record (a patient's contact person is part of
     * the record whatever its date).
     *
     * @param parameter   the search parameter that narrows a look-up
     * @param element     the element checked on each resource
     * @param extension   instead of an element, the extension checked (one the server computes on
     *                    every write, such as MP9's period of use)
     * @param value       for a status, the value it must have; null for a date
     * @param wholeRecord true when every resource of the type is inside the window
     */
    public record Window(String parameter, String element, String extension, String value, Boolean wholeRecord) {

        boolean whole() {
            return Boolean.TRUE.equals(wholeRecord);
        }
    }

    /**
     * One row of the table.
     *
     * @param group          the data group, which decides who may touch the type at all
     * @param patient        the element that references the patient, for patient data
     * @param part           the part of the summary, for clinical types
     * @param category       the data category of a resource of this type
     * @param categoryByCode codes of the resource's category element that make it another category
     * @param window         the window of a look-up, for clinical types
     */
    public record Rule(DataGroup group, String patient, SummaryRules.Part part, String category,
            Map<String, String> categoryByCode, Window window) {

        public Rule {
            categoryByCode = categoryByCode == null ? Map.of() : Map.copyOf(categoryByCode);
        }
    }

    private static final String CATEGORY_ELEMENT = "category";

    private final Map<String, Rule> rules;
    private final FhirContext fhirContext = FhirContext.forR4Cached();

    /** The table; every clinical row must name its patient, part, category and window. */
    public TypePolicy(Map<String, Rule> rules) {
        this(rules, (type, parameter) -> true);
    }

    /**
     * The table, with the search parameters the server knows: a window's parameter must be one of them, or a look-up
     * could not be narrowed to the window.
     *
     * @param searchParameter whether the type has this search parameter (the core's and the implementation guide's)
     */
    public TypePolicy(Map<String, Rule> rules, BiPredicate<String, String> searchParameter) {
        this.rules = Map.copyOf(rules);
        for (Map.Entry<String, Rule> row : this.rules.entrySet()) {
            check(row.getKey(), row.getValue());
            Window window = row.getValue().window();
            if (window != null && window.parameter() != null
                    && !searchParameter.test(row.getKey(), window.parameter())) {
                throw new IllegalArgumentException("schakelpunt.access.types." + row.getKey() + ".window.parameter: "
                        + row.getKey() + " has no search parameter '" + window.parameter() + "'");
            }
        }
    }

    private void check(String type, Rule rule) {
        if (rule.group() == null) {
            throw new IllegalArgumentException("schakelpunt.access.types." + type + ".group is missing");
        }
        if (rule.group() == DataGroup.CLINICAL && (rule.patient() == null || rule.part() == null
                || rule.category() == null || rule.window() == null
                || !rule.window().whole() && (rule.window().parameter() == null
                        || (rule.window().element() == null) == (rule.window().extension() == null)))) {
            throw new IllegalArgumentException("schakelpunt.access.types." + type + ": a clinical type names its"
                    + " patient, part, category and window (parameter with element or extension, or whole-record)");
        }
        for (String element : new String[] {rule.patient(), rule.window() == null ? null : rule.window().element()}) {
            if (element != null && child(type, element) == null) {
                throw new IllegalArgumentException("schakelpunt.access.types." + type + ": " + type
                        + " has no element " + element);
            }
        }
    }

    public Optional<DataGroup> groupOf(String type) {
        Rule rule = type == null ? null : rules.get(type);
        return rule == null ? Optional.empty() : Optional.of(rule.group());
    }

    /** The element of this type that references the patient, for clinical types and permissions. */
    public Optional<String> patientElement(String type) {
        Rule rule = type == null ? null : rules.get(type);
        return rule == null ? Optional.empty() : Optional.ofNullable(rule.patient());
    }

    /** Whether this type is about one patient: a Patient, a clinical type or a permission; unknown counts as yes. */
    public boolean isPatientData(String type) {
        return groupOf(type).map(g -> g == DataGroup.PATIENT || g == DataGroup.CLINICAL || g == DataGroup.PERMISSION)
                .orElse(true);
    }

    public Optional<SummaryRules.Part> partOf(String type) {
        Rule rule = type == null ? null : rules.get(type);
        return rule == null ? Optional.empty() : Optional.ofNullable(rule.part());
    }

    /** The clinical types, which carry a holder and belong to a part of the summary. */
    public Set<String> clinicalTypes() {
        Set<String> types = new TreeSet<>();
        rules.forEach((type, rule) -> {
            if (rule.group() == DataGroup.CLINICAL) {
                types.add(type);
            }
        });
        return types;
    }

    /** The data categories a resource of this type can have. */
    public List<String> categoriesOf(String type) {
        Rule rule = rules.get(type);
        if (rule == null || rule.category() == null) {
            return List.of();
        }
        Set<String> categories = new LinkedHashSet<>();
        categories.add(rule.category());
        categories.addAll(new TreeSet<>(rule.categoryByCode().values()));
        return List.copyOf(categories);
    }

    /** The data categories of a part of the summary. */
    public List<String> categoriesOf(SummaryRules.Part part) {
        Set<String> categories = new TreeSet<>();
        rules.forEach((type, rule) -> {
            if (rule.part() == part) {
                categories.addAll(categoriesOf(type));
            }
        });
        return List.copyOf(categories);
    }

    /** The data category of one resource. */
    public String categoryOf(IBaseResource resource) {
        String type = fhirContext.getResourceType(resource);
        Rule rule = rules.get(type);
        if (rule == null) {
            return null;
        }
        if (!rule.categoryByCode().isEmpty() && child(type, CATEGORY_ELEMENT) != null) {
            for (IBase value : child(type, CATEGORY_ELEMENT).getAccessor().getValues(resource)) {
                if (value instanceof CodeableConcept concept) {
                    for (var coding : concept.getCoding()) {
                        String category = rule.categoryByCode().get(coding.getCode());
                        if (category != null) {
                            return category;
                        }
                    }
                }
            }
        }
        return rule.category();
    }

    /**
     * The search parameters that keep a look-up of this type inside the window starting at this
     * moment; ANDed with the client's. Empty for types without a window.
     */
    public Map<String, String> windowParameters(String type, Instant start) {
        Rule rule = rules.get(type);
        if (rule == null || rule.window() == null || rule.window().whole()) {
            return Map.of();
        }
        Window window = rule.window();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(window.parameter(), window.value() != null ? window.value() : "ge" + start);
        return parameters;
    }

    /**
     * The same window, checked on one resource about to be shown. A date counts with its whole
     * precision (a day reaches to its end, in the zone in which the database indexes it), a period
     * unless it ended before the window starts (an open one does), a status when it has the value.
     */
    public boolean inWindow(IBaseResource resource, Instant start, ZoneId indexZone) {
        String type = fhirContext.getResourceType(resource);
        Rule rule = rules.get(type);
        if (rule == null || rule.window() == null) {
            return false;
        }
        Window window = rule.window();
        if (window.whole()) {
            return true;
        }
        List<IBase> values = new ArrayList<>();
        if (window.extension() != null) {
            if (resource instanceof IBaseHasExtensions extensible) {
                extensible.getExtension().stream().filter(e -> window.extension().equals(e.getUrl()))
                        .map(IBaseExtension::getValue).filter(Objects::nonNull).forEach(values::add);
            }
        } else {
            values.addAll(child(type, window.element()).getAccessor().getValues(resource));
        }
        for (IBase value : values) {
            if (window.value() != null ? hasValue(value, window.value()) : reaches(value, start, indexZone)) {
                return true;
            }
        }
        return false;
    }

    private BaseRuntimeChildDefinition child(String type, String element) {
        var definition = fhirContext.getResourceDefinition(type);
        BaseRuntimeChildDefinition child = definition.getChildByName(element);
        return child != null ? child : definition.getChildByName(element + "[x]");
    }

    private static boolean hasValue(IBase value, String expected) {
        if (value instanceof CodeableConcept concept) {
            return concept.getCoding().stream().anyMatch(c -> expected.equals(c.getCode()));
        }
        return value instanceof IPrimitiveType<?> primitive && expected.equals(primitive.getValueAsString());
    }

    private static boolean reaches(IBase value, Instant start, ZoneId indexZone) {
        if (value instanceof Period period) {
            return period.hasEnd() ? reaches(period.getEndElement(), start, indexZone) : period.hasStart();
        }
        if (!(value instanceof BaseDateTimeType date) || date.getValue() == null) {
            return false;
        }
        Instant upper;
        if (date.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            LocalDate day = LocalDate.ofInstant(date.getValue().toInstant(), indexZone);
            upper = day.plusDays(1).atStartOfDay(indexZone).toInstant().minusMillis(1);
        } else {
            upper = date.getValue().toInstant();
        }
        return !upper.isBefore(start);
    }
}
