"""The LLM judge: asks whether a sentence's quotes support it, for the sentences the verifier left unconfirmed.

The deterministic verifier runs first. A sentence it supports is printed without asking; one it rejects
(a contradiction) never reaches the judge; one it leaves unconfirmed (no contradiction found, meaning
not established offline) is printed only when the judge answers that its quotes support it, and is
dropped as `judge_rejected` otherwise, or when the judge cannot be reached.
"""

from __future__ import annotations

import asyncio

from pydantic import BaseModel, ConfigDict, Field

from briefing.llm_client import ChatClient, ChatRequest, LLMUnavailable
from briefing.model import Section, Sentence, Verification
from briefing.prompts import Prompt, fence_safe, language_name, load_prompt

REASON = "judge_rejected"


class JudgeAnswer(BaseModel):
    """The judge's answer for one sentence."""

    model_config = ConfigDict(extra="forbid")
    supported: bool
    reason: str = Field(default="", max_length=1000)


async def judge_sentence(client: ChatClient, prompt: Prompt, sentence: Sentence, language: str) -> bool:
    """True only when the judge answers that the quotes support the sentence."""
    messages = prompt.messages(language_name=language_name(language), sentence=fence_safe(sentence.text),
                               quotes=[fence_safe(c.quote) for c in sentence.citations])
    try:
        answer = await client.complete_json(ChatRequest("judge", messages, prompt.version, max_tokens=256),
                                            JudgeAnswer)
    except LLMUnavailable:
        return False  # no answer after every retry: the sentence stays unconfirmed, so it is not printed
    return answer.supported


def judge_sections(sections: list[Section], client: ChatClient | None, language: str, tally: Verification,
                   prompt: Prompt | None = None) -> list[Section]:
    """Settle the unconfirmed sentences: those the judge confirms stay (`judged`), the others go."""
    pending = [s for section in sections for s in section.sentences if s.verdict == "unconfirmed"]
    if pending and client is not None:
        verdicts = asyncio.run(_judge_all(client, prompt or load_prompt("judge"), pending, language))
    else:
        verdicts = [False] * len(pending)
    dropped = set()
    for sentence, confirmed in zip(pending, verdicts):
        tally.settle(confirmed)
        if confirmed:
            sentence.verdict, sentence.judged = "supported", True
        else:
            sentence.verdict, sentence.reasons = "unsupported", sentence.reasons + [REASON]
            dropped.add(id(sentence))
    kept = [Section(s.key, s.title, [x for x in s.sentences if id(x) not in dropped]) for s in sections]
    return [s for s in kept if s.sentences]


async def _judge_all(client: ChatClient, prompt: Prompt, sentences: list[Sentence], language: str) -> list[bool]:
    """Every sentence judged concurrently (the client paces the requests)."""
    return list(await asyncio.gather(*(judge_sentence(client, prompt, s, language) for s in sentences)))
