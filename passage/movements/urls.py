"""Movement pages, mounted at /movements/ by passage/urls.py."""

from django.urls import path

from passage.movements import views, views_board

urlpatterns = [
    path("legs/", views.leg_list, name="movements-legs"),
    path("legs/new/", views.leg_create, name="movements-leg-new"),
    path("legs/<int:leg_id>/", views.leg_detail, name="movements-leg"),
    path("legs/<int:leg_id>/status/", views.leg_action, {"action": "status"}, name="movements-leg-status"),
    path("legs/<int:leg_id>/seat-blocks/", views.leg_action, {"action": "seat-block"}, name="movements-leg-block"),
    path("legs/<int:leg_id>/escorts/", views.leg_action, {"action": "escort"}, name="movements-leg-escort"),
    path("legs/<int:leg_id>/manifest.csv", views.manifest_export, {"fmt": "csv"}, name="movements-manifest-csv"),
    path("legs/<int:leg_id>/manifest.xlsx", views.manifest_export, {"fmt": "xlsx"}, name="movements-manifest-xlsx"),
    path("legs/<int:leg_id>/manifest.pdf", views.manifest_export, {"fmt": "pdf"}, name="movements-manifest-pdf"),
    path("legs/<int:leg_id>/manifest.edi", views.manifest_export, {"fmt": "paxlst"},
         name="movements-manifest-paxlst"),
    path("legs/<int:leg_id>/check-in/", views_board.checkin, name="movements-checkin"),
    path("charters/", views.charter_list, name="movements-charters"),
    path("book/", views.book_start, name="movements-book-start"),
    path("cases/<str:number>/book/", views.book_case, name="movements-book"),
    path("bookings/<int:booking_id>/", views.booking_detail, name="movements-booking"),
    path("bookings/<int:booking_id>/confirm/", views.booking_action, {"action": "confirm"},
         name="movements-booking-confirm"),
    path("bookings/<int:booking_id>/tickets/", views.booking_action, {"action": "tickets"},
         name="movements-booking-tickets"),
    path("bookings/<int:booking_id>/rebook/", views.booking_action, {"action": "rebook"},
         name="movements-booking-rebook"),
    path("bookings/<int:booking_id>/cancel/", views.booking_action, {"action": "cancel"},
         name="movements-booking-cancel"),
    path("bookings/<int:booking_id>/hand-over/", views_board.hand_over, name="movements-hand-over"),
    path("board/", views_board.board, name="movements-board"),
    path("board/fragment/", views_board.board_fragment, name="movements-board-fragment"),
    path("board/stream", views_board.board_stream, name="movements-board-stream"),
    path("arrivals/", views_board.arrivals, name="movements-arrivals"),
    path("notifications/", views_board.notifications, name="movements-notifications"),
]
