package org.bulkresend.job;

import org.bulkresend.directory.Directory;
import org.bulkresend.input.ResendRequest;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Looks each row's user up and checks it; changes nothing. */
class ResendItemProcessor implements ItemProcessor<ResendRequest, ResendItem> {

    private final Directory directory;

    ResendItemProcessor(Directory directory) {
        this.directory = directory;
    }

    @Override
    public ResendItem process(ResendRequest request) {
        if (!request.isValid()) {
            return Eligibility.decide(request, null);
        }
        return Eligibility.decide(request, this.directory.find(request.userPrincipalName()).orElse(null));
    }
}
