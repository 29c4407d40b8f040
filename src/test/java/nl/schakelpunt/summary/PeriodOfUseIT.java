package nl.schakelpunt.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nl.schakelpunt.support.Resources;
import nl.schakelpunt.support.ServerTest;

/**
 * MP9's period-of-use: the time interval of a medication agreement, its end computed from the
 * duration where it has none, searchable with ge, le and lt as the qualification queries ask.
 */
class PeriodOfUseIT extends ServerTest {

    private static final LocalDate TODAY = LocalDate.now();
    private static final CodeableConcept PRK = new CodeableConcept(new Coding("urn:oid:2.16.840.1.113883.2.4.4.10",
            "3956", "Metoprolol"));

    private String patientId;
    private String threeWeeks;
    private String lastSpring;
    private String openEnded;

    private static Date at(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneId.systemDefault()).toInstant());
    }

    private String agreement(Period interval) {
        MedicationRequest agreement = new MedicationRequest();
        agreement.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
        agreement.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        agreement.setMedication(PRK);
        agreement.setSubject(new Reference("Patient/" + patientId));
        agreement.addExtension(new Extension(PeriodOfUse.TIME_INTERVAL, interval));
        return pharmacy().post("/fhir/MedicationRequest", agreement).expect(201).as(MedicationRequest.class)
                .getIdElement().getIdPart();
    }

    @BeforeEach
    void agreements() {
        patientId = pharmacy().post("/fhir/Patient", Resources.patient(Resources.freshBsn())).expect(201)
                .as(Patient.class).getIdElement().getIdPart();
        Period weeks = new Period().setStart(at(TODAY.minusDays(10)));
        weeks.addExtension(PeriodOfUse.DURATION, new Duration().setValue(3).setUnit("week")
                .setSystem("http://unitsofmeasure.org").setCode("wk"));
        threeWeeks = agreement(weeks);
        lastSpring = agreement(new Period().setStart(at(TODAY.minusDays(60))).setEnd(at(TODAY.minusDays(40))));
        openEnded = agreement(new Period().setStart(at(TODAY.minusDays(5))));
    }

    private List<String> found(String criteria) {
        Bundle bundle = pharmacy().get("/fhir/MedicationRequest?patient=Patient/" + patientId + "&" + criteria)
                .expect(200).bundle();
        return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).sorted().toList();
    }

    @Test
    void theEndIsTheStartPlusTheDurationWhereItIsMissing() {
        MedicationRequest stored = pharmacy().get("/fhir/MedicationRequest/" + threeWeeks).expect(200)
                .as(MedicationRequest.class);
        Period period = (Period) stored.getExtensionByUrl(PeriodOfUse.EXTENSION).getValue();
        assertThat(period.getEnd()).isEqualTo(at(TODAY.plusDays(11)));
        assertThat(((Period) stored.getExtensionByUrl(PeriodOfUse.TIME_INTERVAL).getValue()).hasEnd()).isFalse();
    }

    @Test
    void periodOfUseAsTheQualificationQueriesAskIt() {
        assertThat(found("period-of-use=ge" + TODAY.plusDays(5))).containsExactlyInAnyOrder(threeWeeks, openEnded);
        assertThat(found("period-of-use=ge" + TODAY.plusDays(12))).containsExactly(openEnded);
        assertThat(found("period-of-use=le" + TODAY.minusDays(45))).containsExactly(lastSpring);
        assertThat(found("period-of-use=ge" + TODAY.minusDays(50) + "&period-of-use=lt" + TODAY.minusDays(7)))
                .containsExactlyInAnyOrder(lastSpring, threeWeeks);
    }

    @Test
    void aPeriodOfUseSentByTheClientIsReplaced() {
        MedicationRequest agreement = pharmacy().get("/fhir/MedicationRequest/" + lastSpring).expect(200)
                .as(MedicationRequest.class);
        agreement.getExtension().removeIf(e -> PeriodOfUse.EXTENSION.equals(e.getUrl()));
        agreement.addExtension(new Extension(PeriodOfUse.EXTENSION, new Period().setStart(at(TODAY.plusYears(5)))));
        pharmacy().put("/fhir/MedicationRequest/" + lastSpring, agreement).expect(200);
        assertThat(found("period-of-use=le" + TODAY.minusDays(45))).containsExactly(lastSpring);
    }
}
