"""Optional LLM judge (`--judge`): asks whether a sentence's quotes support it. It can only reject.

The deterministic verifier runs first; the judge sees only sentences that passed it and may turn
them unsupported (`judge_rejected`). It never rescues a sentence, and a judge that cannot be
reached leaves the verifier's verdicts as they are.
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
    """False only when the judge answers that the quotes do not support the sentence."""
    messages = prompt.messages(language_name=language_name(language), sentence=fence_safe(sentence.text),
                               quotes=[fence_safe(c.quote) for c in sentence.citations])
    try:
        answer = await client.complete_json(ChatRequest("judge", messages, prompt.version, max_tokens=256),
                                            JudgeAnswer)
    except LLMUnavailable:
        return True  # no answer after every retry: the deterministic verdict stands
    return answer.supported


def judge_sections(sections: list[Section], client: ChatClient, language: str, tally: Verification,
                   prompt: Prompt | None = None) -> list[Section]:
    """Drop the supported sentences the judge rejects, counting them under `judge_rejected`."""
    prompt = prompt or load_prompt("judge")
    sentences = [s for section in sections for s in section.sentences]
    verdicts = asyncio.run(_judge_all(client, prompt, sentences, language))
    rejected = {id(s) for s, ok in zip(sentences, verdicts) if not ok}
    for sentence in sentences:
        if id(sentence) in rejected:
            sentence.verdict, sentence.reasons = "unsupported", [REASON]
            tally.reject(REASON)
    kept = [Section(s.key, s.title, [x for x in s.sentences if id(x) not in rejected]) for s in sections]
    return [s for s in kept if s.sentences]


async def _judge_all(client: ChatClient, prompt: Prompt, sentences: list[Sentence], language: str) -> list[bool]:
    """Every sentence judged concurrently (the client paces the requests)."""
    return list(await asyncio.gather(*(judge_sentence(client, prompt, s, language) for s in sentences)))
