package org.bulkresend.job;

import org.bulkresend.access.OperatorRefusedException;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.notify.MessageTemplates;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Looks each row's user up, checks it against the rules and the operator's roles, and picks the
 * language of the message; changes nothing.
 */
class ResendItemProcessor implements ItemProcessor<ResendRequest, ResendItem> {

    private final Directory directory;

    private final DirectoryUser operator;

    private final MessageTemplates templates;

    ResendItemProcessor(Directory directory, DirectoryUser operator, MessageTemplates templates) {
        this.directory = directory;
        this.operator = operator;
        this.templates = templates;
    }

    /** The operator a run acts for, as the directory knows them now. */
    static DirectoryUser operator(Directory directory, String userPrincipalName) {
        return directory.find(userPrincipalName).orElseThrow(() -> new OperatorRefusedException(
                "The operator " + userPrincipalName + " is no longer in the directory; the run stops."));
    }

    @Override
    public ResendItem process(ResendRequest request) {
        if (!request.isValid()) {
            return Eligibility.decide(request, null, this.operator);
        }
        ResendItem item = Eligibility.decide(request,
                this.directory.find(request.userPrincipalName()).orElse(null), this.operator);
        return item.isEligible()
                ? item.writtenIn(this.templates.choose(request.language(), item.user().preferredLanguage())) : item;
    }
}
