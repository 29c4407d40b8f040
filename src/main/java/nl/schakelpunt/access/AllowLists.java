package nl.schakelpunt.access;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.SearchParameter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import ca.uhn.fhir.context.FhirContext;

import nl.schakelpunt.conformance.ImplementationGuide;
import nl.schakelpunt.identity.Requester.Kind;

/**
 * Reads the allow-lists from the implementation guide, one CapabilityStatement per requester kind
 * ({@value #URL_BASE}{@code <kind>}), and builds the decision point with them. A kind without its
 * list stops the start-up: deny by default must not mean "nothing works" by accident.
 */
@Configuration
public class AllowLists {

    public static final String URL_BASE = "https://schakelpunt.nl/fhir/CapabilityStatement/allow-list-";

    /**
     * The policy table of the resource types, from {@code schakelpunt.access.types}; a window's search parameter must
     * be one of FHIR's or one of the implementation guide's.
     */
    @Bean
    public TypePolicy typePolicy(AccessProperties properties, ImplementationGuide guide) {
        Set<String> guideParameters = new HashSet<>();
        guide.conformanceResources().stream().filter(SearchParameter.class::isInstance)
                .map(SearchParameter.class::cast)
                .forEach(parameter -> parameter.getBase().forEach(base ->
                        guideParameters.add(base.getValue() + "." + parameter.getCode())));
        FhirContext fhir = FhirContext.forR4Cached();
        return new TypePolicy(properties.types(), (type, code) -> guideParameters.contains(type + "." + code)
                || fhir.getResourceTypes().contains(type) && fhir.getResourceDefinition(type).getSearchParam(code) != null);
    }

    /** The role matrix and the window, on the policy table. */
    @Bean
    public SummaryRules summaryRules(AccessProperties properties, TypePolicy types) {
        return properties.summaryRules(types);
    }

    @Bean
    public AccessDecision accessDecision(ImplementationGuide guide, TypePolicy types, SummaryRules summary,
            AccessProperties properties) {
        Map<Kind, AllowList> lists = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            CapabilityStatement statement = guide.conformanceResources().stream()
                    .filter(CapabilityStatement.class::isInstance).map(CapabilityStatement.class::cast)
                    .filter(c -> (URL_BASE + kind.claimValue()).equals(c.getUrl()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("The implementation guide has no allow-list "
                            + URL_BASE + kind.claimValue()));
            lists.put(kind, new AllowList(statement));
        }
        return new AccessDecision(lists, types, summary, properties.policy());
    }
}
