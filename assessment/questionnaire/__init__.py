"""The questionnaire model: pydantic models and the YAML loader."""
