package org.bulkresend.job;

import org.bulkresend.access.OperatorRefusedException;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.input.ResendRequest;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Looks each row's user up and checks it against the rules and the operator's roles; changes nothing. */
class ResendItemProcessor implements ItemProcessor<ResendRequest, ResendItem> {

    private final Directory directory;

    private final DirectoryUser operator;

    ResendItemProcessor(Directory directory, DirectoryUser operator) {
        this.directory = directory;
        this.operator = operator;
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
        return Eligibility.decide(request, this.directory.find(request.userPrincipalName()).orElse(null),
                this.operator);
    }
}
