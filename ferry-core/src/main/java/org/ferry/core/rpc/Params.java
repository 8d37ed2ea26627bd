package org.ferry.core.rpc;

import java.util.List;
import org.ferry.core.user.UserService;

/**
 * The parameter records of every method, bound from JSON by {@link org.ferry.protocol.Json#bind}.
 * Fields are boxed so that a missing parameter is null; {@link FerryApi} checks the required ones.
 */
final class Params {
    private Params() {
    }

    record None() {
    }

    record SendCode(String phone) {
    }

    record SignIn(String phone, String code, String device) {
    }

    record SignUp(String phone, String code, String firstName, String lastName, String device) {
    }

    record Resume(String token) {
    }

    record SessionId(Long sessionId) {
    }

    record UpdateProfile(String firstName, String lastName, String bio) {
    }

    record Username(String username) {
    }

    record Page(Long after, Integer limit) {
    }

    record UserIds(List<Long> ids) {
    }

    record ImportContacts(List<UserService.PhoneContact> contacts) {
    }

    record UserId(Long userId) {
    }

    record CreateGroup(String title, List<Long> userIds) {
    }

    record CreateChannel(String title, String about, String username, Boolean megagroup) {
    }

    record ChatId(Long chatId) {
    }

    record Join(Long chatId, String username) {
    }

    record ChatUsers(Long chatId, List<Long> userIds) {
    }

    record ChatUser(Long chatId, Long userId) {
    }

    record SetAdmin(Long chatId, Long userId, Boolean admin) {
    }

    record ChatTitle(Long chatId, String title) {
    }

    record ChatUsername(Long chatId, String username) {
    }

    record Members(Long chatId, Long after, Integer limit) {
    }

    record Send(Long chatId, String text, Long randomId, Long replyToId) {
    }

    record Forward(Long fromChatId, List<Long> ids, Long toChatId, Long randomId) {
    }

    record Edit(Long chatId, Long id, String text) {
    }

    record Delete(Long chatId, List<Long> ids, Boolean forEveryone) {
    }

    record History(Long chatId, Long beforeId, Integer limit) {
    }

    record ReadHistory(Long chatId, Long maxId) {
    }

    record Feed(Long after, Integer limit) {
    }

    record Difference(Long chatId, Long afterSeq, Integer limit) {
    }

    record Dialogs(Integer limit, Boolean offsetPinned, Long offsetDate, Long offsetChatId) {
    }

    record DialogFlags(Long chatId, Boolean pinned, Boolean muted) {
    }
}
