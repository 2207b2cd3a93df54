"""The LLM judge: an OpenAI-compatible chat model asked, pair by pair, for MQM errors (GEMBA-MQM style).

- :mod:`~mtcheck.judge.client`: the endpoint and one chat-completions request (stdlib only);
- :mod:`~mtcheck.judge.schema`: the answer's JSON schema and how a request asks for it;
- :mod:`~mtcheck.judge.prompt`: our prompt, one aligned pair with its neighbours as context;
- :mod:`~mtcheck.judge.parse`: strict parsing of an answer;
- :mod:`~mtcheck.judge.anchor`: the quotes anchored to exact characters;
- :mod:`~mtcheck.judge.cache`: answers on disk, so a re-run makes no call;
- :mod:`~mtcheck.judge.runner`: a report judged (the pipeline's "judging" stage).

The findings are made by the checks ``judge.<category>`` (:mod:`mtcheck.checks.judge`).
"""
