; ModuleID = 'numjit:m.root'
source_filename = "numjit:m.root"

@.str.0 = private unnamed_addr constant [31 x i8] c"range() arg 3 must not be zero\00", align 1
@.exc.0 = private unnamed_addr constant {i32, ptr} {i32 2, ptr @.str.0}
@.str.1 = private unnamed_addr constant [17 x i8] c"division by zero\00", align 1
@.exc.1 = private unnamed_addr constant {i32, ptr} {i32 1, ptr @.str.1}
@.str.2 = private unnamed_addr constant [51 x i8] c"f() takes 1 positional argument but %zd were given\00", align 1

@PyExc_Exception = external global ptr
@PyExc_TypeError = external global ptr
@PyExc_ValueError = external global ptr
@PyExc_ZeroDivisionError = external global ptr
declare i64 @PyLong_AsLongLong(ptr)
declare ptr @PyErr_Format(ptr, ptr, ...)
declare ptr @PyErr_Occurred()
declare ptr @PyFloat_FromDouble(double)
declare void @PyErr_SetNone(ptr)
declare void @PyErr_SetString(ptr, ptr)

define internal void @nj.raise(ptr %site) #2 {
entry:
  %code = load i32, ptr %site
  %pm = getelementptr inbounds {i32, ptr}, ptr %site, i32 0, i32 1
  %msg = load ptr, ptr %pm
  switch i32 %code, label %c0 [i32 1, label %c1 i32 2, label %c2]
c0:
  %e0 = load ptr, ptr @PyExc_Exception
  br label %set
c1:
  %e1 = load ptr, ptr @PyExc_ZeroDivisionError
  br label %set
c2:
  %e2 = load ptr, ptr @PyExc_ValueError
  br label %set
set:
  %exc = phi ptr [%e0, %c0], [%e1, %c1], [%e2, %c2]
  %has = icmp ne ptr %msg, null
  br i1 %has, label %withmsg, label %nomsg
withmsg:
  call void @PyErr_SetString(ptr %exc, ptr %msg)
  ret void
nomsg:
  call void @PyErr_SetNone(ptr %exc)
  ret void
}

define i32 @nj_m_root__int64(ptr noalias nocapture %ret, ptr noalias nocapture %exc, i64 %a0) #0 {
entry:
  %"v.n" = alloca i64
  %"v.$0" = alloca double
  %"v.s" = alloca double
  %"v.$1" = alloca i8
  %"v.$2" = alloca i64
  %"v.$3" = alloca i64
  %"v.$4" = alloca {i64, i64, i64}
  %"v.$5" = alloca {i64, i64, i64}
  %"v.$6" = alloca i64
  %"v.$7" = alloca i1
  %"v.i" = alloca i64
  %"v.$8" = alloca i64
  %"v.$9" = alloca double
  %"v.$10" = alloca double
  %"v.$c0" = alloca double
  %"v.$c1" = alloca double
  br label %B0
B0:
  store i64 %a0, ptr %"v.n"
  store double 0x0000000000000000, ptr %"v.$0"
  store double 0x0000000000000000, ptr %"v.s"
  store i8 0, ptr %"v.$1"
  store i64 0, ptr %"v.$2"
  store i64 -2, ptr %"v.$3"
  %t0 = load i64, ptr %"v.n"
  %t1 = icmp eq i64 -2, 0
  br i1 %t1, label %raise.0, label %ok.1
raise.0:
  store ptr @.exc.0, ptr %exc
  br label %unwind.2
ok.1:
  %t2 = insertvalue {i64, i64, i64} undef, i64 %t0, 0
  %t3 = insertvalue {i64, i64, i64} %t2, i64 0, 1
  %t4 = insertvalue {i64, i64, i64} %t3, i64 -2, 2
  store {i64, i64, i64} %t4, ptr %"v.$4"
  %t5 = load {i64, i64, i64}, ptr %"v.$4"
  %t6 = extractvalue {i64, i64, i64} %t5, 0
  %t7 = extractvalue {i64, i64, i64} %t5, 1
  %t8 = extractvalue {i64, i64, i64} %t5, 2
  %t9 = icmp sgt i64 %t8, 0
  %t10 = icmp slt i64 %t6, %t7
  %t11 = icmp sgt i64 %t6, %t7
  %t12 = select i1 %t9, i1 %t10, i1 %t11
  %t13 = sub i64 %t7, %t6
  %t14 = sub i64 %t6, %t7
  %t15 = select i1 %t9, i64 %t13, i64 %t14
  %t16 = sub i64 0, %t8
  %t17 = select i1 %t9, i64 %t8, i64 %t16
  %t18 = icmp eq i64 %t17, 0
  %t19 = select i1 %t18, i64 1, i64 %t17
  %t20 = sub i64 %t15, 1
  %t21 = udiv i64 %t20, %t19
  %t22 = add i64 %t21, 1
  %t23 = select i1 %t12, i64 %t22, i64 0
  %t24 = insertvalue {i64, i64, i64} %t5, i64 %t23, 1
  store {i64, i64, i64} %t24, ptr %"v.$5"
  br label %B1
B1:
  %t25 = getelementptr inbounds {i64, i64, i64}, ptr %"v.$5", i32 0, i32 0
  %t26 = getelementptr inbounds {i64, i64, i64}, ptr %"v.$5", i32 0, i32 1
  %t27 = load i64, ptr %t25
  %t28 = load i64, ptr %t26
  %t29 = getelementptr inbounds {i64, i64, i64}, ptr %"v.$5", i32 0, i32 2
  %t30 = load i64, ptr %t29
  %t31 = icmp sgt i64 %t28, 0
  %t32 = add i64 %t27, %t30
  store i64 %t32, ptr %t25
  %t33 = sub nsw i64 %t28, 1
  store i64 %t33, ptr %t26
  store i64 %t27, ptr %"v.$6"
  store i1 %t31, ptr %"v.$7"
  %t34 = load i1, ptr %"v.$7"
  br i1 %t34, label %B2, label %B3
B2:
  %t35 = load i64, ptr %"v.$6"
  store i64 %t35, ptr %"v.i"
  store i64 2, ptr %"v.$8"
  %t36 = load i64, ptr %"v.i"
  %t37 = sitofp i64 %t36 to double
  store double %t37, ptr %"v.$c0"
  %t38 = sitofp i64 2 to double
  store double %t38, ptr %"v.$c1"
  %t39 = load double, ptr %"v.$c0"
  %t40 = load double, ptr %"v.$c1"
  %t41 = fcmp oeq double %t40, 0.0
  br i1 %t41, label %raise.3, label %ok.4
raise.3:
  store ptr @.exc.1, ptr %exc
  br label %unwind.2
ok.4:
  %t42 = fdiv double %t39, %t40
  store double %t42, ptr %"v.$9"
  %t43 = load double, ptr %"v.s"
  %t44 = load double, ptr %"v.$9"
  %t45 = fadd double %t43, %t44
  store double %t45, ptr %"v.$10"
  %t46 = load double, ptr %"v.$10"
  store double %t46, ptr %"v.s"
  br label %B1
B3:
  br label %B4
B4:
  %t47 = load double, ptr %"v.s"
  store double %t47, ptr %ret
  ret i32 0
unwind.2:
  ret i32 1
}

define ptr @nj_entry_m_root__int64(ptr %self, ptr %args, i64 %nargs) #0 {
entry:
  %t0 = icmp eq i64 %nargs, 1
  br i1 %t0, label %unbox, label %badargs
badargs:
  %t1 = load ptr, ptr @PyExc_TypeError
  call ptr (ptr, ptr, ...) @PyErr_Format(ptr %t1, ptr @.str.2, i64 %nargs)
  ret ptr null
unbox:
  %t2 = getelementptr inbounds ptr, ptr %args, i64 0
  %t3 = load ptr, ptr %t2
  %t4 = call i64 @PyLong_AsLongLong(ptr %t3)
  %t5 = icmp eq i64 %t4, -1
  br i1 %t5, label %check.0, label %ok.1
check.0:
  %t6 = call ptr @PyErr_Occurred()
  %t7 = icmp ne ptr %t6, null
  br i1 %t7, label %check.0.fail, label %ok.1
check.0.fail:
  ret ptr null
ok.1:
  %t8 = alloca double
  %t9 = alloca ptr
  store ptr null, ptr %t9
  %t10 = call i32 @nj_m_root__int64(ptr %t8, ptr %t9, i64 %t4)
  %t11 = icmp ne i32 %t10, 0
  br i1 %t11, label %raise, label %box
raise:
  %t12 = load ptr, ptr %t9
  call void @nj.raise(ptr %t12)
  ret ptr null
box:
  %t13 = load double, ptr %t8
  %t14 = call ptr @PyFloat_FromDouble(double %t13)
  ret ptr %t14
}

attributes #0 = { nounwind }
attributes #1 = { alwaysinline nounwind }
attributes #2 = { noinline nounwind }
