"""Manager decisions per task type (docs/design.md §4.8, §4.13): each module registers the handler of the task
types it owns with `registry.handles`; importing this package registers them all."""

from venuedesk.workflow.task_handlers.registry import HANDLERS, Decision, handler_for, handles
from venuedesk.workflow.task_handlers import counter  # noqa: F401  (registers counter_offer, counter_limit)
from venuedesk.workflow.task_handlers import confirmation  # noqa: F401  (registers confirmation_approval, cancellation)
from venuedesk.workflow.task_handlers import reply  # noqa: F401  (registers reply_approval)

__all__ = ["HANDLERS", "Decision", "handler_for", "handles"]
