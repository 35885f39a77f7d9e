package org.bulkresend.run;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.NameForms;
import org.bulkresend.input.InputFile;
import org.bulkresend.input.InputPreflight;
import org.bulkresend.input.InputRejectedException;
import org.bulkresend.notify.MessageTemplates;
import org.bulkresend.notify.TemplateRejectedException;

/**
 * What a run and a dry run both check before they touch anything: the admin's message templates render, the file is readable and usable, and not so
 * full of invalid rows that it is probably the wrong file. A refusal leaves no trace, not even a
 * failed run.
 */
final class RunAdmission {

    private RunAdmission() {
    }

    /**
     * @param credential what the run gives, whose messages must be there in every language
     * @param names how a row may name its user, which the directory decides
     */
    static InputFile admit(RunRequest request, MessageTemplates templates, CredentialKind credential,
            NameForms names) {
        checkTemplates(templates, credential);
        InputFile input = InputFile.of(request.input());
        InputPreflight.inspect(input, names).requireInvalidAtMost(request.maxInvalidPercent(), input.path());
        return input;
    }

    /** Renders the admin's templates with sample values; a template that fails stops the run unchanged. */
    static void checkTemplates(MessageTemplates templates, CredentialKind credential) {
        try {
            templates.check(credential);
        }
        catch (TemplateRejectedException ex) {
            throw new InputRejectedException(ex.getMessage(), ex);
        }
    }
}
