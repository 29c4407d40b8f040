package nl.schakelpunt.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import nl.schakelpunt.support.Browser;
import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.Resources;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * The portal and the desk in a real browser (Debian's chromium, headless), against the running server. Each test has
 * a patient of its own, made through the API by the pharmacy that holds their data, so that no other test's demo
 * patients change. Every page visited is saved as a screenshot under target/screenshots.
 */
@Tag("browser")
class PortalBrowserIT extends ServerTest {

    private static final String BSN_QUERY = "patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C";
    private static final String PHARMACY = "pharmacy-de-brug";

    @BeforeAll
    static void browserInstalled() {
        Browser.requireInstalled();
    }

    /** The out-of-hours GP who looks the patient up (Huisartsenpost Rivierenland). */
    private static TestTokens hapGp() {
        return TestTokens.professional("90000401", "N6", "900000401", "01.015");
    }

    /** A patient with medication at Apotheek De Brug and no choice there yet. */
    private String patientWithMedication(String given) {
        String bsn = Resources.freshBsn();
        Patient patient = Resources.patient(bsn);
        patient.getNameFirstRep().setFamily("Öztürk").getGiven().clear();
        patient.getNameFirstRep().addGiven(given);
        String id = pharmacy().post("/fhir/Patient", patient).expect(201).as(Patient.class).getIdElement().getIdPart();
        MedicationStatement use = new MedicationStatement()
                .setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
                .setCategory(new CodeableConcept(new Coding("http://snomed.info/sct", "422979000", null)))
                .setMedication(new Reference("Medication/metoprolol"))
                .setEffective(new Period().setStartElement(new DateTimeType("2026-01-01")))
                .setSubject(new Reference("Patient/" + id));
        pharmacy().post("/fhir/MedicationStatement", use).expect(201);
        return bsn;
    }

    private List<String> medicationSeenByTheOutOfHoursGp(String bsn) {
        Bundle found = fhir().as(hapGp()).get("/fhir/MedicationStatement?" + BSN_QUERY + bsn).expect(200).bundle();
        return found.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private void signInAsPatient(Browser browser, String bsn) {
        browser.get(fhir().root() + "/portal");
        browser.waitForVisible(By.id("bsn")).sendKeys(bsn);
        browser.driver().findElement(By.id("sign-in-bsn")).click();
        browser.waitForVisible(By.id("nav-trail"));
    }

    private void signInAtTheDesk(Browser browser, String subject) {
        browser.get(fhir().root() + "/desk");
        new Select(browser.waitForVisible(By.id("subject"))).selectByValue(subject);
        browser.driver().findElement(By.id("sign-in")).click();
        browser.waitForVisible(By.id("sign-out"));
    }

    private WebElement holder(Browser browser, String id) {
        return browser.waitForVisible(By.id("mine-" + id));
    }

    @Test
    void askOnlineAcceptAtTheDeskLookUpSeeWhoLookedWithdrawAndPrintTheForm() throws Exception {
        String bsn = patientWithMedication("Zoë");
        assertThat(medicationSeenByTheOutOfHoursGp(bsn)).isEmpty();

        try (Browser patient = Browser.desktop("nl"); Browser desk = Browser.desktop("nl")) {
            signInAsPatient(patient, bsn);
            assertThat(holder(patient, PHARMACY).findElement(By.className("state")).getText())
                    .isEqualTo("Nog geen keuze gemaakt");
            patient.screenshot("portal-permissions");
            holder(patient, PHARMACY).findElement(By.id("choice-mine-" + PHARMACY + "-PERMIT")).click();
            holder(patient, PHARMACY).findElement(By.id("confirm-mine-" + PHARMACY)).click();
            assertThat(patient.waitForVisible(By.id("done")).getText()).isEqualTo("Uw verzoek is verstuurd.");
            assertThat(holder(patient, PHARMACY).findElement(By.className("state")).getText())
                    .startsWith("Online gevraagd op").endsWith("wacht op verwerking door Apotheek De Brug");
            // Asked is not given: the holder has not processed it yet.
            assertThat(medicationSeenByTheOutOfHoursGp(bsn)).isEmpty();

            signInAtTheDesk(desk, "pharmacist-de-wit");
            WebElement row = desk.driver().findElements(By.cssSelector("tr[id^=request-]")).stream()
                    .filter(r -> r.getText().contains(bsn)).findFirst().orElseThrow();
            desk.screenshot("desk-worklist");
            row.findElement(By.cssSelector("button[id^=accept-]")).click();
            assertThat(desk.waitForVisible(By.id("done")).getText()).contains("geaccepteerd");
            assertThat(desk.driver().getPageSource()).doesNotContain(bsn);

            List<String> seen = medicationSeenByTheOutOfHoursGp(bsn);
            assertThat(seen).hasSize(1);

            // The patient's open page shows the holder's answer by itself, without being reloaded.
            new WebDriverWait(patient.driver(), Duration.ofSeconds(25)).until(driver -> driver.findElement(
                    By.cssSelector("#mine-" + PHARMACY + " .state")).getText().startsWith("Toestemming gegeven op"));
            patient.driver().findElement(By.id("nav-trail")).click();
            WebElement look = patient.waitForVisible(By.cssSelector("li.event"));
            patient.screenshot("portal-trail");
            assertThat(look.getText()).contains("Ruben Vos").contains("Huisartsenpost Rivierenland")
                    .contains("medicatiegebruik").contains("Apotheek De Brug").contains("voor behandeling");

            byte[] pdf = download(patient, "/portal/form.pdf?holder=" + PHARMACY);
            try (PDDocument document = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(document);
                assertThat(text).contains("Zoë Öztürk").contains(bsn).contains("Apotheek De Brug");
            }

            patient.get(fhir().root() + "/portal/permissions");
            holder(patient, PHARMACY).findElement(By.id("withdraw-mine-" + PHARMACY)).click();
            assertThat(patient.waitForVisible(By.id("done")).getText()).isEqualTo("Ingetrokken.");
            assertThat(holder(patient, PHARMACY).findElement(By.className("state")).getText())
                    .startsWith("Toestemming ingetrokken");
            assertThat(medicationSeenByTheOutOfHoursGp(bsn)).isEmpty();
        }
    }

    @Test
    void aRejectionCarriesTheHoldersReasonToThePatient() {
        String bsn = patientWithMedication("Iris");
        try (Browser patient = Browser.desktop("en"); Browser desk = Browser.desktop("nl")) {
            signInAsPatient(patient, bsn);
            patient.get(fhir().root() + "/portal/permissions?lang=en");
            holder(patient, PHARMACY).findElement(By.id("choice-mine-" + PHARMACY + "-PERMIT_MEDICATION_ONLY")).click();
            holder(patient, PHARMACY).findElement(By.id("confirm-mine-" + PHARMACY)).click();
            assertThat(patient.waitForVisible(By.id("done")).getText()).isEqualTo("Your request has been sent.");

            signInAtTheDesk(desk, "pharmacist-de-wit");
            WebElement row = desk.driver().findElements(By.cssSelector("tr[id^=request-]")).stream()
                    .filter(r -> r.getText().contains(bsn)).findFirst().orElseThrow();
            String reason = "U staat bij ons niet ingeschreven; komt u even langs?";
            row.findElement(By.cssSelector("input[name=reason]")).sendKeys(reason);
            row.findElement(By.cssSelector("button[id^=reject-]")).click();
            assertThat(desk.waitForVisible(By.id("done")).getText()).contains("afgewezen");

            patient.get(fhir().root() + "/portal/permissions");
            assertThat(holder(patient, PHARMACY).findElement(By.className("state")).getText())
                    .isEqualTo("Your request was rejected by Apotheek De Brug: " + reason);
            assertThat(medicationSeenByTheOutOfHoursGp(bsn)).isEmpty();
        }
    }

    @Test
    void aHolderThatTakesOnlinePermissionsAtOnce() {
        String bsn = patientWithMedication("Sem");
        FhirHttp centrum = fhir().as(TestTokens.organization(TestTokens.PHARMACY_CENTRUM, "J8"));
        try (Browser patient = Browser.desktop("nl"); Browser desk = Browser.desktop("nl")) {
            signInAtTheDesk(desk, "pharmacist-kok");
            desk.driver().findElement(By.id("at-once-true")).click();
            desk.driver().findElement(By.id("save-settings")).click();
            assertThat(desk.waitForVisible(By.id("done")).getText()).contains("meteen");
            assertThat(desk.driver().findElement(By.id("at-once-true")).isSelected()).isTrue();

            signInAsPatient(patient, bsn);
            patient.get(fhir().root() + "/portal/permissions?q=Culemborg");
            WebElement found = patient.waitForVisible(By.id("found-pharmacy-centrum"));
            // Said before the patient confirms: this choice holds at once.
            assertThat(found.findElement(By.className("at-once")).getText()).contains("meteen");
            found.findElement(By.id("choice-found-pharmacy-centrum-PERMIT")).click();
            found.findElement(By.id("confirm-found-pharmacy-centrum")).click();
            assertThat(patient.waitForVisible(By.id("done")).getText()).isEqualTo("Uw toestemming geldt nu.");
            assertThat(holder(patient, "pharmacy-centrum").findElement(By.className("state")).getText())
                    .startsWith("Toestemming gegeven op");
            assertThat(holder(patient, "pharmacy-centrum").findElement(By.className("channel")).getText())
                    .isEqualTo("Online gegeven");
        } finally {
            Parameters off = new Parameters();
            off.addParameter().setName("at-once").setValue(new BooleanType(false));
            centrum.post("/fhir/Organization/pharmacy-centrum/$online-permissions", off).expect(200);
        }
    }

    @Test
    void theDeskRecordsAPaperRefusalAndMarksItInErrorAndThePatientReadsTheirRecord() {
        String bsn = patientWithMedication("Fleur");
        try (Browser desk = Browser.desktop("nl"); Browser patient = Browser.desktop("nl")) {
            signInAtTheDesk(desk, "pharmacist-de-wit");
            desk.driver().findElement(By.id("bsn")).sendKeys(bsn);
            desk.driver().findElement(By.id("find")).click();
            assertThat(desk.waitForVisible(By.id("patient")).getText()).contains("Fleur Öztürk").contains(bsn);
            assertThat(desk.driver().findElement(By.id("none-recorded")).isDisplayed()).isTrue();
            desk.driver().findElement(By.id("record-REFUSE")).click();
            desk.driver().findElement(By.id("channel-paper")).click();
            desk.driver().findElement(By.id("record")).click();
            assertThat(desk.waitForVisible(By.id("done")).getText()).contains("vastgelegd");
            WebElement recorded = desk.driver().findElement(By.cssSelector("tr[id^=permission-]"));
            assertThat(recorded.getText()).contains("Weigering").contains("geldig").contains("papieren formulier");
            desk.screenshot("desk-patient");

            signInAsPatient(patient, bsn);
            assertThat(holder(patient, PHARMACY).findElement(By.className("state")).getText())
                    .startsWith("Geen toestemming");

            recorded.findElement(By.cssSelector("button[id^=in-error-]")).click();
            assertThat(desk.waitForVisible(By.id("done")).getText()).contains("onjuist ingevoerd");
            assertThat(desk.driver().findElement(By.cssSelector("tr[id^=permission-]")).getText())
                    .contains("onjuist ingevoerd");
            patient.get(fhir().root() + "/portal/permissions");
            assertThat(holder(patient, PHARMACY).findElement(By.className("state")).getText())
                    .isEqualTo("Nog geen keuze gemaakt");

            patient.driver().findElement(By.id("nav-record")).click();
            WebElement medication = patient.waitForVisible(By.id("record-medication"));
            patient.screenshot("portal-record");
            assertThat(medication.getText()).contains("Metoprolol 50 mg tablet").contains("gebruik")
                    .contains("van Apotheek De Brug");
        }
    }

    @Test
    void aPatientSharesTheirRecordTheCarerReadsItAndThePatientSeesThatUntilTheSharingStops() {
        String bsn = patientWithMedication("Noor");
        String carerBsn = Resources.freshBsn();
        try (Browser patient = Browser.desktop("nl"); Browser carer = Browser.desktop("nl")) {
            signInAsPatient(patient, bsn);
            patient.driver().findElement(By.id("nav-sharing")).click();
            assertThat(patient.waitForVisible(By.id("shares-none")).getText()).isEqualTo("U deelt uw dossier met niemand.");
            patient.driver().findElement(By.id("share-name")).sendKeys("Sanne Öztürk");
            patient.driver().findElement(By.id("share-bsn")).sendKeys(carerBsn);
            patient.driver().findElement(By.id("share")).click();
            assertThat(patient.waitForVisible(By.id("done")).getText()).isEqualTo("Uw dossier wordt nu gedeeld.");
            assertThat(patient.driver().findElement(By.cssSelector("li.share")).getText()).contains("Sanne Öztürk")
                    .contains(carerBsn).contains("mag uw dossier lezen van");
            patient.screenshot("portal-sharing");

            // The carer has no record here; the shared one is theirs to read, with the medication from the pharmacy.
            signInAsPatient(carer, carerBsn);
            carer.driver().findElement(By.id("nav-sharing")).click();
            assertThat(carer.waitForVisible(By.id("no-own-record")).isDisplayed()).isTrue();
            carer.driver().findElement(By.cssSelector("a[id^=record-of-]")).click();
            WebElement medication = carer.waitForVisible(By.id("record-medication"));
            assertThat(carer.title()).startsWith("Dossier van Noor Öztürk");
            assertThat(medication.getText()).contains("Metoprolol 50 mg tablet").contains("van Apotheek De Brug");
            carer.screenshot("portal-shared-record");
            // Not the patient's permissions nor their trail: the carer's own pages know no record.
            carer.driver().findElement(By.id("nav-trail")).click();
            assertThat(carer.waitForVisible(By.id("trail-empty")).isDisplayed()).isTrue();

            // The patient sees who looked: the carer, by the name the patient gave.
            patient.driver().findElement(By.id("nav-trail")).click();
            WebElement looked = patient.waitForVisible(By.cssSelector("li.event .shared-with"));
            assertThat(looked.findElement(By.xpath("..")).getText()).contains("Sanne Öztürk")
                    .contains("met wie u uw dossier deelt");

            patient.driver().findElement(By.id("nav-sharing")).click();
            patient.waitForVisible(By.cssSelector("button[id^=end-]")).click();
            assertThat(patient.waitForVisible(By.id("done")).getText()).isEqualTo("Het delen is gestopt.");
            assertThat(patient.driver().findElement(By.cssSelector("li.share .state")).getText())
                    .contains("u hebt het delen gestopt");
            carer.get(fhir().root() + "/portal/sharing");
            assertThat(carer.waitForVisible(By.id("shared-with-me-none")).isDisplayed()).isTrue();
        }
    }

    @Test
    void theLanguageSwitchHoldsOnEveryPageAndIsRemembered() {
        String bsn = patientWithMedication("Noor");
        try (Browser browser = Browser.desktop("nl")) {
            signInAsPatient(browser, bsn);
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Mijn toestemmingen");
            assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("nl");
            browser.driver().findElement(By.id("lang-en")).click();
            browser.waitForTitleContaining("My permissions");
            assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
            // Remembered: the next page, reached without the switch, is English too.
            browser.driver().findElement(By.id("nav-trail")).click();
            assertThat(browser.waitForVisible(By.tagName("h1")).getText()).isEqualTo("Who looked");
            browser.screenshot("portal-trail-en");
            browser.driver().findElement(By.id("lang-nl")).click();
            assertThat(browser.waitForVisible(By.tagName("h1")).getText()).isEqualTo("Wie keek er");

            browser.get(fhir().root() + "/portal/info/ar");
            assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
            browser.screenshot("info-ar");
        }
    }

    @Test
    void thePermissionPageWorksWithTheKeyboardAlone() {
        String bsn = patientWithMedication("Ahmet");
        try (Browser browser = Browser.desktop("nl")) {
            signInAsPatient(browser, bsn);
            WebElement permit = holder(browser, PHARMACY).findElement(By.id("choice-mine-" + PHARMACY + "-REFUSE"));
            // Tab from the top of the page to the choice, then choose and confirm with keys only.
            browser.driver().findElement(By.tagName("body")).click();
            Actions keys = new Actions(browser.driver());
            WebElement focused = null;
            for (int i = 0; i < 60; i++) {
                keys.sendKeys(Keys.TAB).perform();
                focused = browser.driver().switchTo().activeElement();
                if (focused.getAttribute("name") != null && focused.getAttribute("name").equals("choice")
                        && focused.getAttribute("id").contains(PHARMACY)) {
                    break;
                }
            }
            assertThat(focused.getAttribute("id")).startsWith("choice-mine-" + PHARMACY);
            // The focus is visible: the focus style draws an outline.
            assertThat(focused.getCssValue("outline-style")).isNotEqualTo("none");
            while (!permit.equals(browser.driver().switchTo().activeElement())) {
                keys.sendKeys(Keys.ARROW_DOWN).perform();
            }
            assertThat(permit.isSelected()).isTrue();
            keys.sendKeys(Keys.TAB).perform();
            assertThat(browser.driver().switchTo().activeElement().getAttribute("id"))
                    .isEqualTo("confirm-mine-" + PHARMACY);
            keys.sendKeys(Keys.ENTER).perform();
            assertThat(browser.waitForVisible(By.id("done")).getText()).isEqualTo("Uw weigering is vastgelegd.");
            assertThat(holder(browser, PHARMACY).findElement(By.className("state")).getText())
                    .startsWith("Geen toestemming");
        }
    }

    @Test
    void everyPageHasNoSeriousAccessibilityViolationsAndFitsAPhone() {
        Browser.requireAxe();
        String bsn = patientWithMedication("Lotte");
        try (Browser desktop = Browser.desktop("nl"); Browser phone = Browser.phone("nl")) {
            for (String path : List.of("/", "/portal/sign-in", "/desk/sign-in", "/portal/info/nl", "/portal/info/ar")) {
                desktop.get(fhir().root() + path);
                assertThat(desktop.seriousAccessibilityViolations()).as(path).isEmpty();
            }
            signInAsPatient(desktop, bsn);
            signInAsPatient(phone, bsn);
            for (String path : List.of("/portal/permissions", "/portal/permissions?q=Tiel", "/portal/trail",
                    "/portal/record", "/portal/sharing")) {
                desktop.get(fhir().root() + path);
                assertThat(desktop.seriousAccessibilityViolations()).as(path).isEmpty();
                phone.get(fhir().root() + path);
                String name = "phone" + path.replaceAll("[^a-z]+", "-");
                phone.screenshot(name);
                // Nothing wider than the screen: no sideways scrolling on a phone.
                Number pageWidth = (Number) phone.script("return document.documentElement.scrollWidth;");
                Number screenWidth = (Number) phone.script("return window.innerWidth;");
                assertThat(pageWidth.intValue()).as(path).isLessThanOrEqualTo(screenWidth.intValue());
            }
            signInAtTheDesk(desktop, "pharmacist-de-wit");
            assertThat(desktop.seriousAccessibilityViolations()).as("/desk").isEmpty();
        }
    }

    @Test
    void aBrowserOpeningTheServerSeesWhatItIsAndAnEmptyForm() throws Exception {
        try (Browser browser = Browser.desktop("en")) {
            browser.get(fhir().root() + "/fhir");
            browser.waitForTitleContaining("Schakelpunt");
            assertThat(browser.driver().getCurrentUrl()).isEqualTo(fhir().root() + "/");
            assertThat(browser.driver().findElement(By.id("to-portal")).getAttribute("href")).endsWith("/portal");
            assertThat(browser.driver().findElement(By.id("to-metadata")).getAttribute("href")).contains("/fhir/metadata");
            browser.screenshot("landing");
            browser.get(fhir().root() + "/portal/sign-in");
            assertThat(browser.driver().findElement(By.id("demo-notice")).getText()).isNotBlank();
            browser.screenshot("portal-sign-in");
        }
        byte[] empty = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fhir().root()
                + "/portal/form/empty.pdf")).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        try (PDDocument document = Loader.loadPDF(empty)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(new PDFTextStripper().getText(document)).contains("Handtekening");
        }
        // A FHIR client asking the same address still gets the API's answer.
        FhirHttp.Response api = fhir().get("/fhir");
        assertThat(api.status()).isNotEqualTo(302);
    }

    /** A file the signed-in person fetches, with the browser's session. */
    private byte[] download(Browser browser, String path) throws IOException, InterruptedException {
        Cookie session = browser.driver().manage().getCookieNamed("JSESSIONID");
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fhir().root() + path)).header("Cookie", "JSESSIONID=" + session.getValue()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        return response.body();
    }
}
