package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.Policies;

/** The role matrix, the data categories and the time window, without a server. */
class SummaryRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final SummaryRules RULES = new SummaryRules(Map.of(
            "01.015", Set.of(SummaryRules.Part.MEDICATION, SummaryRules.Part.GP_SUMMARY),
            "17.000", Set.of(SummaryRules.Part.MEDICATION)), Period.ofMonths(4), Policies.types(), ZoneOffset.UTC);

    @Test
    void roleMatrix() {
        assertThat(RULES.roleMaySee("01.015", SummaryRules.Part.GP_SUMMARY)).isTrue();
        assertThat(RULES.roleMaySee("17.000", SummaryRules.Part.MEDICATION)).isTrue();
        assertThat(RULES.roleMaySee("17.000", SummaryRules.Part.GP_SUMMARY)).isFalse();
        assertThat(RULES.roleMaySee("01.002", SummaryRules.Part.MEDICATION)).isFalse();
        assertThat(RULES.roleMaySee(null, SummaryRules.Part.MEDICATION)).isFalse();
    }

    @Test
    void dataCategories() {
        assertThat(RULES.categoryOf(new MedicationStatement())).isEqualTo("GGC013");
        assertThat(RULES.categoryOf(new AllergyIntolerance())).isEqualTo("GGC013");
        assertThat(RULES.categoryOf(new Encounter())).isEqualTo("GGC002");
        assertThat(RULES.categoryOf(new Observation())).isEqualTo("GGC002");
        Observation result = new Observation();
        result.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                "laboratory", null)));
        assertThat(RULES.categoryOf(result)).isEqualTo("GGC012");
        assertThat(RULES.categoriesOf("Observation")).containsExactly("GGC002", "GGC012");
    }

    @Test
    void windowStartsFourMonthsBeforeTheRequest() {
        assertThat(RULES.windowStart(NOW)).isEqualTo(Instant.parse("2026-07-22T12:00:00Z"));
        assertThat(RULES.inWindow(contactAt("2026-07-22T12:00:00Z"), NOW)).isTrue();
        assertThat(RULES.inWindow(contactAt("2026-07-22T11:59:59Z"), NOW)).isFalse();
        assertThat(RULES.inWindow(contactAt("2026-11-01T08:00:00Z"), NOW)).isTrue();
    }

    @Test
    void openEpisodesAndActiveAllergiesWhateverTheirDate() {
        Condition open = new Condition().setClinicalStatus(status("active"));
        open.setOnset(new DateTimeType("2010-01-01"));
        assertThat(RULES.inWindow(open, NOW)).isTrue();
        assertThat(RULES.inWindow(new Condition().setClinicalStatus(status("resolved")), NOW)).isFalse();
        assertThat(RULES.inWindow(new AllergyIntolerance().setClinicalStatus(status("active")), NOW)).isTrue();
        assertThat(RULES.inWindow(new AllergyIntolerance().setClinicalStatus(status("resolved")), NOW)).isFalse();
    }

    @Test
    void windowParametersComeFromTheTable() {
        assertThat(RULES.windowParameters("Encounter", NOW)).containsExactly(Map.entry("date", "ge2026-07-22T12:00:00Z"));
        assertThat(RULES.windowParameters("Condition", NOW)).containsExactly(Map.entry("clinical-status", "active"));
        assertThat(RULES.windowParameters("Organization", NOW)).isEmpty();
        assertThat(RULES.categoriesOf(SummaryRules.Part.GP_SUMMARY)).containsExactly("GGC002", "GGC012");
        assertThat(RULES.categoriesOf(SummaryRules.Part.MEDICATION)).containsExactly("GGC013");
    }

    @Test
    void aTableWithAnIncompleteOrWrongRowIsRefusedNamingTheSetting() {
        TypePolicy.Window window = new TypePolicy.Window("date", "period", null, null, null);
        assertThatThrownBy(() -> new TypePolicy(Map.of("Encounter", new TypePolicy.Rule(DataGroup.CLINICAL, "subject",
                SummaryRules.Part.GP_SUMMARY, null, null, window))))
                .hasMessageContaining("schakelpunt.access.types.Encounter");
        assertThatThrownBy(() -> new TypePolicy(Map.of("Encounter", new TypePolicy.Rule(DataGroup.CLINICAL, "subject",
                SummaryRules.Part.GP_SUMMARY, "GGC002", null, new TypePolicy.Window("date", "when", null, null, null)))))
                .hasMessageContaining("Encounter has no element when");
        assertThatThrownBy(() -> new TypePolicy(Map.of("Encounter", new TypePolicy.Rule(null, null, null, null, null,
                null)))).hasMessageContaining("schakelpunt.access.types.Encounter.group");
    }

    @Test
    void medicationWhoseUseOverlapsTheWindow() {
        assertThat(RULES.inWindow(use(null, null), NOW)).isFalse();
        assertThat(RULES.inWindow(use("2020-01-01T00:00:00Z", null), NOW)).isTrue();
        assertThat(RULES.inWindow(use("2020-01-01T00:00:00Z", "2026-07-22T12:00:00Z"), NOW)).isTrue();
        assertThat(RULES.inWindow(use("2020-01-01T00:00:00Z", "2026-07-22T11:00:00Z"), NOW)).isFalse();
    }

    @Test
    void aMedicationAgreementByThePeriodOfUseTheServerComputed() {
        String periodOfUse = "https://schakelpunt.nl/fhir/StructureDefinition/period-of-use";
        MedicationRequest authoredLongAgo = new MedicationRequest();
        authoredLongAgo.setAuthoredOnElement(new DateTimeType("2020-01-01T00:00:00Z"));
        assertThat(RULES.inWindow(authoredLongAgo, NOW)).as("without a period of use").isFalse();
        authoredLongAgo.addExtension(periodOfUse, new org.hl7.fhir.r4.model.Period()
                .setStartElement(new DateTimeType("2020-01-01T00:00:00Z")));
        assertThat(RULES.inWindow(authoredLongAgo, NOW)).as("in force without an end").isTrue();
        MedicationRequest ended = new MedicationRequest();
        ended.setAuthoredOnElement(new DateTimeType("2026-11-01T00:00:00Z"));
        ended.addExtension(periodOfUse, new org.hl7.fhir.r4.model.Period()
                .setStartElement(new DateTimeType("2026-01-01T00:00:00Z")).setEndElement(new DateTimeType("2026-07-22T11:00:00Z")));
        assertThat(RULES.inWindow(ended, NOW)).as("ended before the window, written in it").isFalse();
        assertThat(RULES.inWindow(new RelatedPerson(), NOW)).as("a contact person, whatever its date").isTrue();
    }

    private static Encounter contactAt(String instant) {
        Encounter encounter = new Encounter();
        encounter.getPeriod().setStartElement(new DateTimeType(instant)).setEndElement(new DateTimeType(instant));
        return encounter;
    }

    private static MedicationStatement use(String start, String end) {
        MedicationStatement statement = new MedicationStatement();
        if (start != null) {
            org.hl7.fhir.r4.model.Period period = new org.hl7.fhir.r4.model.Period()
                    .setStart(Date.from(Instant.parse(start)));
            if (end != null) {
                period.setEndElement(new DateTimeType(end));
            }
            statement.setEffective(period);
        }
        return statement;
    }

    private static CodeableConcept status(String code) {
        return new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", code, null));
    }
}
