"""One module per question. Each public function takes a store and returns sorted pydantic rows."""
