package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Period;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nl.schakelpunt.identity.Requester.Kind;

/** A wrong role matrix, window or type row stops the start-up with a message that names the setting. */
class PolicySettingsTest {

    private static Map<Kind, Map<DataGroup, Set<AccessPolicy.Action>>> groups() {
        Map<Kind, Map<DataGroup, Set<AccessPolicy.Action>>> groups = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            groups.put(kind, Map.of());
        }
        return groups;
    }

    private static AccessProperties properties(Period window, Map<String, List<SummaryRules.Part>> matrix) {
        return new AccessProperties(null, null, window, matrix, null, groups(), null);
    }

    @Test
    void aRoleThatIsNoUziRoleCodeIsRefused() {
        assertThatThrownBy(() -> properties(null, Map.of("huisarts", List.of(SummaryRules.Part.MEDICATION))))
                .hasMessageContaining("schakelpunt.access.role-matrix").hasMessageContaining("'huisarts'");
        assertThatNoException().isThrownBy(() -> properties(null, Map.of("01.015", List.of(SummaryRules.Part.MEDICATION))));
    }

    @Test
    void aRoleWithoutPartsIsRefused() {
        assertThatThrownBy(() -> properties(null, Map.of("01.015", List.of())))
                .hasMessageContaining("schakelpunt.access.role-matrix.01.015");
    }

    @Test
    void aWindowThatIsNotForwardIsRefused() {
        assertThatThrownBy(() -> properties(Period.ofMonths(-4), Map.of()))
                .hasMessageContaining("schakelpunt.access.summary-window");
        assertThatThrownBy(() -> properties(Period.ZERO, Map.of()))
                .hasMessageContaining("schakelpunt.access.summary-window");
    }

    @Test
    void aTypesWindowMustUseASearchParameterTheServerKnows() {
        TypePolicy.Rule rule = new TypePolicy.Rule(DataGroup.CLINICAL, "subject", SummaryRules.Part.GP_SUMMARY,
                "GGC002", null, new TypePolicy.Window("when-it-happened", "period", null, null, null));
        assertThatThrownBy(() -> new TypePolicy(Map.of("Encounter", rule), (type, code) -> code.equals("date")))
                .hasMessageContaining("schakelpunt.access.types.Encounter.window.parameter")
                .hasMessageContaining("'when-it-happened'");
        TypePolicy.Rule known = new TypePolicy.Rule(DataGroup.CLINICAL, "subject", SummaryRules.Part.GP_SUMMARY,
                "GGC002", null, new TypePolicy.Window("date", "period", null, null, null));
        assertThatNoException().isThrownBy(() -> new TypePolicy(Map.of("Encounter", known),
                (type, code) -> code.equals("date")));
    }

    @Test
    void aTypesWindowMustNameAnElementTheTypeHas() {
        TypePolicy.Rule rule = new TypePolicy.Rule(DataGroup.CLINICAL, "subject", SummaryRules.Part.GP_SUMMARY,
                "GGC002", null, new TypePolicy.Window("date", "when", null, null, null));
        assertThatThrownBy(() -> new TypePolicy(Map.of("Encounter", rule)))
                .hasMessageContaining("schakelpunt.access.types.Encounter").hasMessageContaining("no element when");
    }
}
