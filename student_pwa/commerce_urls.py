"""Student app and guest pages of the commerce context; joined into student_pwa/urls.py."""

from django.urls import path

from student_pwa.views import commerce

urlpatterns = [
    path("courses/<slug:slug>/enroll/", commerce.course_enroll, name="course_enroll"),
    path("app/orders/", commerce.order_list, name="order_list"),
    path("app/orders/<int:pk>/", commerce.order_receipt, name="order_receipt"),
    path("app/orders/<int:pk>/pay/", commerce.payment, name="payment"),
    path("app/payments/return/", commerce.payment_return, name="payment_return"),
]
