package nl.schakelpunt.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import nl.schakelpunt.portal.PermissionForm.Choice;
import nl.schakelpunt.portal.PermissionForm.Filled;

class PermissionFormTest {

    private static final Locale DUTCH = Locale.forLanguageTag("nl");
    private static final LocalDate BIRTH_DATE = LocalDate.of(1987, 3, 14);
    private static final LocalDate SIGNED_ON = LocalDate.of(2026, 12, 2);
    private static final String HOLDER = "Huisartsenpraktijk De Eikenhof";

    /** The start of each choice's first line, by which its line is found in the extracted text. */
    private static final Map<Choice, String> DUTCH_CHOICES = Map.of(
            Choice.PERMIT, "Ja, ik geef toestemming. Zorgverleners",
            Choice.PERMIT_NO_GP_DATA_FOR_PLANNED_HOSPITAL_CARE, "Ja, ik geef toestemming, maar mijn huisarts",
            Choice.PERMIT_MEDICATION_ONLY, "Ja, ik geef toestemming, maar alleen",
            Choice.REFUSE, "Nee, ik geef geen toestemming");
    private static final Map<Choice, String> ENGLISH_CHOICES = Map.of(
            Choice.PERMIT, "Yes, I give permission. Care providers",
            Choice.PERMIT_NO_GP_DATA_FOR_PLANNED_HOSPITAL_CARE, "Yes, I give permission, but my GP",
            Choice.PERMIT_MEDICATION_ONLY, "Yes, I give permission, but only",
            Choice.REFUSE, "No, I do not give permission");

    private static Filled zoe(Choice choice) {
        return new Filled("Zoë Öztürk", "999901084", BIRTH_DATE, HOLDER, "Ede", choice, SIGNED_ON);
    }

    @Test
    void theFilledFormShowsThePatientTheHolderAndTheDateOnOnePage() throws IOException {
        Read form = read(PermissionForm.filled(zoe(Choice.PERMIT), Locale.forLanguageTag("nl-NL")));

        assertThat(form.pages).isEqualTo(1);
        assertThat(form.text).contains("Toestemmingsformulier landelijk schakelpunt", "Zoë Öztürk", "999901084",
                "14 maart 1987", HOLDER, "Ede", "2 december 2026", "Handtekening",
                "Lever dit ondertekende formulier in bij " + HOLDER + " in Ede.");
    }

    @ParameterizedTest
    @EnumSource(Choice.class)
    void onlyTheChosenBoxIsMarked(Choice chosen) throws IOException {
        Read dutch = read(PermissionForm.filled(zoe(chosen), DUTCH));
        Read english = read(PermissionForm.filled(zoe(chosen), Locale.ENGLISH));

        for (Choice choice : Choice.values()) {
            assertThat(dutch.marked(DUTCH_CHOICES.get(choice))).as("%s in Dutch", choice).isEqualTo(choice == chosen);
            assertThat(english.marked(ENGLISH_CHOICES.get(choice))).as("%s in English", choice)
                    .isEqualTo(choice == chosen);
        }
    }

    @Test
    void theEnglishFormIsInEnglish() throws IOException {
        Read form = read(PermissionForm.filled(zoe(Choice.REFUSE), Locale.UK));

        assertThat(form.pages).isEqualTo(1);
        assertThat(form.text).contains("Permission form for the national exchange point", "Your details", "Name",
                "Date of birth", "14 March 1987", "Zoë Öztürk", "999901084", HOLDER, "2 December 2026", "Signature",
                "Hand in this signed form at " + HOLDER + " in Ede.");
        assertThat(form.text).doesNotContain("Handtekening", "Geboortedatum", "toestemming", "maart", "december");
        assertThat(form.language).isEqualTo("en");
    }

    @Test
    void anyOtherLanguageGetsTheDutchForm() throws IOException {
        Read form = read(PermissionForm.filled(zoe(Choice.PERMIT), Locale.GERMAN));

        assertThat(form.text).contains("Toestemmingsformulier", "Geboortedatum", "Handtekening", "2 december 2026");
        assertThat(form.text).doesNotContain("Signature", "Date of birth");
    }

    @Test
    void theEmptyFormHoldsNoPatientDataAndNoMarks() throws IOException {
        for (Locale locale : List.of(DUTCH, Locale.ENGLISH)) {
            Map<Choice, String> choices = locale.equals(Locale.ENGLISH) ? ENGLISH_CHOICES : DUTCH_CHOICES;
            Read form = read(PermissionForm.empty(locale));

            assertThat(form.pages).as("%s", locale).isEqualTo(1);
            // No BSN, no date, no year: the only digits on the empty form number its sections.
            assertThat(form.text).as("%s", locale).doesNotContainPattern("\\d{2,}");
            for (String choice : choices.values()) {
                assertThat(form.line(choice)).as("%s: %s", locale, choice).isNotNull();
                assertThat(form.marked(choice)).as("%s: %s", locale, choice).isFalse();
            }
        }
        Read dutch = read(PermissionForm.empty(DUTCH));
        assertThat(dutch.text).contains("Naam", "BSN", "Geboortedatum", "Huisartsenpraktijk of apotheek", "Plaats",
                "Datum", "Handtekening", "Lever dit ondertekende formulier in bij de huisartsenpraktijk of apotheek");
    }

    @Test
    void theDocumentCarriesItsTitleAndLanguage() throws IOException {
        Read dutch = read(PermissionForm.filled(zoe(Choice.PERMIT), DUTCH));
        Read english = read(PermissionForm.empty(Locale.ENGLISH));

        assertThat(dutch.title).isEqualTo("Toestemmingsformulier landelijk schakelpunt");
        assertThat(dutch.language).isEqualTo("nl-NL");
        assertThat(english.title).isEqualTo("Permission form for the national exchange point");
    }

    @Test
    void namesAreComposedAndWhatTheFontCannotPrintBecomesAQuestionMark() throws IOException {
        // "Zoë" with a separate combining diaeresis, as some keyboards and systems deliver it.
        Filled form = new Filled("Zoe\u0308 Łukasiewicz-Ørsted", "999901084", BIRTH_DATE, "Apotheek Çelik\u00a0&\tZn",
                null, Choice.PERMIT_MEDICATION_ONLY, SIGNED_ON);

        Read read = read(PermissionForm.filled(form, DUTCH));

        assertThat(read.text).contains("Zoë ?ukasiewicz-Ørsted", "Apotheek Çelik & Zn");
    }

    @Test
    void withoutAPlaceTheFormNamesOnlyTheHolder() throws IOException {
        Filled form = new Filled("Zoë Öztürk", "999901084", BIRTH_DATE, HOLDER, null, Choice.PERMIT, SIGNED_ON);

        Read read = read(PermissionForm.filled(form, DUTCH));

        assertThat(read.text).contains("Lever dit ondertekende formulier in bij " + HOLDER + ".")
                .doesNotContain("null");
    }

    @Test
    void longTextWrapsWithinTheMargins() throws IOException {
        String longHolder = "Gezondheidscentrum Ons Dorp huisartsen apotheek fysiotherapie en wijkverpleging"
                + " locatie Stationsplein tegenover het gemeentehuis";
        String unbroken = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessen";
        Filled form = new Filled("Zoë Öztürk " + unbroken, "999901084", BIRTH_DATE, longHolder, "Ede",
                Choice.PERMIT, SIGNED_ON);

        Read read = read(PermissionForm.filled(form, DUTCH));

        assertThat(read.pages).isEqualTo(1);
        assertThat(read.rightmost).isLessThanOrEqualTo(read.pageWidth - 56 + 0.5f);
        assertThat(read.text.replaceAll("\\s+", "")).contains(longHolder.replace(" ", ""), unbroken);
        assertThat(read.text).contains("Gezondheidscentrum Ons Dorp", "tegenover het gemeentehuis");
    }

    @Test
    void textThatCannotFitOnOnePageIsRefused() {
        Filled form = new Filled("Zoë Öztürk", "999901084", BIRTH_DATE, "Apotheek ".repeat(400), "Ede",
                Choice.PERMIT, SIGNED_ON);

        assertThatThrownBy(() -> PermissionForm.filled(form, DUTCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one page");
    }

    @Test
    void aFilledFormNeedsThePatientTheHolderTheChoiceAndTheDate() {
        assertThatThrownBy(() -> new Filled(null, "999901084", BIRTH_DATE, HOLDER, null, Choice.PERMIT, SIGNED_ON))
                .isInstanceOf(NullPointerException.class).hasMessage("patientName");
        assertThatThrownBy(() -> new Filled("Zoë Öztürk", "999901084", BIRTH_DATE, HOLDER, null, null, SIGNED_ON))
                .isInstanceOf(NullPointerException.class).hasMessage("choice");
    }

    private static Read read(byte[] pdf) throws IOException {
        assertThat(pdf).startsWith("%PDF".getBytes());
        try (PDDocument document = Loader.loadPDF(pdf)) {
            Stripper stripper = new Stripper();
            stripper.setSortByPosition(true);
            String text = stripper.getText(document);
            return new Read(document.getNumberOfPages(), document.getDocumentInformation().getTitle(),
                    document.getDocumentCatalog().getLanguage(), text, text.lines().map(String::strip).toList(),
                    stripper.rightmost, document.getPage(0).getMediaBox().getWidth());
        }
    }

    /** The text of a form, its lines, and how far to the right any character reaches. */
    private record Read(int pages, String title, String language, String text, List<String> lines, float rightmost,
            float pageWidth) {

        String line(String start) {
            return lines.stream().filter(line -> line.contains(start)).findFirst().orElse(null);
        }

        /** A choice is marked when its line starts with the X printed in its box. */
        boolean marked(String start) {
            String line = line(start);
            assertThat(line).as("the line of \"%s\"", start).isNotNull();
            return line.startsWith("X ") && line.substring(2).strip().startsWith(start);
        }
    }

    /** Records the right edge of every character it extracts. */
    private static final class Stripper extends PDFTextStripper {

        private float rightmost;

        @Override
        protected void writeString(String text, List<TextPosition> positions) throws IOException {
            for (TextPosition position : positions) {
                rightmost = Math.max(rightmost, position.getXDirAdj() + position.getWidthDirAdj());
            }
            super.writeString(text, positions);
        }
    }
}
