package org.bulkresend.job;

import java.util.Map;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.notify.MessageTemplates;
import org.bulkresend.zone.TimeZones;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Looks each row's user up, checks it against the rules and the operator's roles, and picks the
 * language of the message and the time zone of its times; changes nothing.
 */
class ResendItemProcessor implements ItemProcessor<ResendRequest, ResendItem>, ChunkListener<ResendRequest, ResendItem> {

    private final Directory directory;

    private final ActingOperator operator;

    private final MessageTemplates templates;

    /** The users of the chunk being processed, looked up in one go before it, by key; null outside a chunk. */
    private Map<String, DirectoryUser> chunkUsers;

    private final CredentialKind credential;

    /**
     * @param operator who the run acts for, looked up with the first chunk's users
     * @param credential what the run gives its users, which decides whom the operator may give it to
     */
    ResendItemProcessor(Directory directory, ActingOperator operator, MessageTemplates templates,
            CredentialKind credential) {
        this.directory = directory;
        this.operator = operator;
        this.templates = templates;
        this.credential = credential;
    }

    /** Looks the chunk's users up in one query (the first chunk's with the operator), before its rows are processed. */
    @Override
    public void beforeChunk(Chunk<ResendRequest> chunk) {
        this.chunkUsers = this.operator.findWith(chunk.getItems().stream().filter(ResendRequest::isValid)
            .map(ResendRequest::userPrincipalName).toList());
    }

    @Override
    public void afterChunk(Chunk<ResendItem> chunk) {
        this.chunkUsers = null;
    }

    @Override
    public void onChunkError(Exception exception, Chunk<ResendItem> chunk) {
        this.chunkUsers = null;
    }

    @Override
    public ResendItem process(ResendRequest request) {
        if (!request.isValid()) {
            return Eligibility.decide(request, null, this.operator.user(), this.credential,
                    this.directory.accessRules());
        }
        DirectoryUser user = (this.chunkUsers != null) ? this.chunkUsers.get(DirectoryUser.key(request.userPrincipalName()))
                : this.directory.find(request.userPrincipalName()).orElse(null);
        ResendItem item = Eligibility.decide(request, user, this.operator.user(), this.credential,
                this.directory.accessRules());
        return item.isEligible()
                ? item.writtenIn(this.templates.choose(request.language(), item.user().preferredLanguage()),
                        TimeZones.choose(request.timeZone(), item.user().timeZone()))
                : item;
    }
}
